"""Test layers of comune.istanze (plone.app.testing)."""

from plone.app.contenttypes.testing import PLONE_APP_CONTENTTYPES_FIXTURE
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.testing.zope import WSGI_SERVER_FIXTURE

import comune.istanze
import os


os.environ.setdefault("zope_i18n_compile_mo_files", "true")
os.environ.setdefault("zope_i18n_allowed_languages", "it en")


class ComuneIstanzeLayer(PloneSandboxLayer):
    defaultBases = (PLONE_APP_CONTENTTYPES_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import collective.easyform
        import collective.z3cform.datagridfield
        import plone.restapi

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=collective.easyform)
        self.loadZCML(package=collective.z3cform.datagridfield)
        self.loadZCML(package=comune.istanze)
        self.loadZCML(name="overrides.zcml", package=comune.istanze)

    def setUpPloneSite(self, portal):
        portal.portal_registry["plone.default_language"] = "it"
        portal.portal_registry["plone.available_languages"] = ["it", "en"]
        applyProfile(portal, "collective.easyform:default")
        applyProfile(portal, "comune.istanze:default")


FIXTURE = ComuneIstanzeLayer()

INTEGRATION_TESTING = IntegrationTesting(
    bases=(FIXTURE,), name="ComuneIstanzeLayer:IntegrationTesting"
)
FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(FIXTURE, WSGI_SERVER_FIXTURE), name="ComuneIstanzeLayer:FunctionalTesting"
)
