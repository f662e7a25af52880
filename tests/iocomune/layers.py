"""The test layer of its own: the io-Comune integration (what the product's
configure.zcml includes when design.plone.contenttypes is installed) and its
profile, over a minimal «Servizio» type (see ``servizio.py``), stacked on the
product's own layer."""

from comune.istanze.testing import FIXTURE
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE


class IoComuneLayer(PloneSandboxLayer):
    defaultBases = (FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import comune.istanze.iocomune

        self.loadZCML(package=comune.istanze.iocomune)

    def setUpPloneSite(self, portal):
        from tests.iocomune.servizio import add_servizio_type

        add_servizio_type(portal)
        applyProfile(portal, "comune.istanze.iocomune:default")


IOCOMUNE_FIXTURE = IoComuneLayer()
IOCOMUNE_INTEGRATION = IntegrationTesting(bases=(IOCOMUNE_FIXTURE,), name="IoComuneLayer:Integration")
IOCOMUNE_FUNCTIONAL = FunctionalTesting(bases=(IOCOMUNE_FIXTURE, WSGI_SERVER_FIXTURE),
                                        name="IoComuneLayer:Functional")
