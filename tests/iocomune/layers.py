"""The test layer of its own: comune.istanze + the io-Comune integration, its
profile applied over a minimal «Servizio» type (see ``servizio.py``)."""

from comune.istanze.testing import ComuneIstanzeLayer
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.testing.zope import WSGI_SERVER_FIXTURE


class IoComuneLayer(ComuneIstanzeLayer):
    def setUpZope(self, app, configurationContext):
        super().setUpZope(app, configurationContext)
        import comune.istanze.iocomune

        # what ../configure.zcml includes when design.plone.contenttypes is installed
        self.loadZCML(package=comune.istanze.iocomune)

    def setUpPloneSite(self, portal):
        from tests.iocomune.servizio import add_servizio_type

        super().setUpPloneSite(portal)
        add_servizio_type(portal)
        applyProfile(portal, "comune.istanze.iocomune:default")


IOCOMUNE_FIXTURE = IoComuneLayer()
IOCOMUNE_INTEGRATION = IntegrationTesting(bases=(IOCOMUNE_FIXTURE,), name="IoComuneLayer:Integration")
IOCOMUNE_FUNCTIONAL = FunctionalTesting(bases=(IOCOMUNE_FIXTURE, WSGI_SERVER_FIXTURE),
                                        name="IoComuneLayer:Functional")
