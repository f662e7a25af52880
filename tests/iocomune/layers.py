"""The io-Comune test layer: the real design.plone.contenttypes (its «Servizio»)
in a Classic site with comune.istanze and the profile
``comune.istanze.iocomune:default``, stacked on the product's own layer.

plone.app.testing turns plone.autoinclude off (the ``disable-autoinclude``
feature of the Plone fixture), so no other layer loads design.plone.contenttypes
or its dependencies: this layer loads their ZCML itself, as
``design.plone.contenttypes.testing`` does (redturtle.volto and what it
includes, collective.venue, redturtle.bandi, collective.taxonomy, …). Their
ZCML applies monkey patches (redturtle.volto, experimental.noacquisition) that
no layer tear-down undoes: zope.pytestlayer runs the unittest classes that have
a ``layer`` after every pytest-plone test, and this layer is the only one.
"""

from comune.istanze.testing import FIXTURE
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE
from zope.configuration import xmlconfig


# What design.plone.contenttypes' own test layer loads (with redturtle.volto's), in its order.
PACKAGES = (
    "collective.volto.gdprcookie",
    "collective.volto.sitesettings",
    "redturtle.volto",
    "plone.volto",
    "plone.app.caching",
    "kitconcept.seo",
    "experimental.noacquisition",
    "collective.venue",
    "collective.volto.blocksfield",
    "collective.volto.enhancedlinks",
    "design.plone.contenttypes",
    "plone.formwidget.geolocation",
    "redturtle.bandi",
    "collective.taxonomy",
)


class IoComuneLayer(PloneSandboxLayer):
    defaultBases = (FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import comune.istanze.iocomune
        import design.plone.contenttypes
        import importlib

        for name in PACKAGES:
            self.loadZCML(package=importlib.import_module(name))
        xmlconfig.includeOverrides(configurationContext, "overrides.zcml", package=design.plone.contenttypes)
        # comune.istanze's configure.zcml includes it when design.plone.contenttypes is installed
        # (it is, here): loading it again is a no-op, it says what this layer relies on.
        self.loadZCML(package=comune.istanze.iocomune)

    def setUpPloneSite(self, portal):
        applyProfile(portal, "plone.app.caching:default")
        applyProfile(portal, "design.plone.contenttypes:default")
        applyProfile(portal, "comune.istanze.iocomune:default")


IOCOMUNE_FIXTURE = IoComuneLayer()
IOCOMUNE_INTEGRATION = IntegrationTesting(bases=(IOCOMUNE_FIXTURE,), name="IoComuneLayer:Integration")
IOCOMUNE_FUNCTIONAL = FunctionalTesting(bases=(IOCOMUNE_FIXTURE, WSGI_SERVER_FIXTURE),
                                        name="IoComuneLayer:Functional")
