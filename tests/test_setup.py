"""Install, uninstall, upgrade home."""

from comune.istanze.content.fti import PORTAL_TYPE_PREFIX
from comune.istanze.content.fti import WORKFLOW_ID
from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.textfield.value import RichTextValue
from plone.base.utils import get_installer
from plone.dexterity.interfaces import IDexterityFTI
from plone.testing.zope import Browser
from tests.fixtures import make_type
from zope.dottedname.resolve import resolve

import comune.istanze
import transaction


def test_installed(portal, http_request):
    installer = get_installer(portal, http_request)
    assert installer.is_product_installed("comune.istanze")
    assert "ApplicationType" in portal.portal_types
    assert "istanza_workflow" in portal.portal_workflow


def test_browserlayer(portal):
    from comune.istanze.interfaces import IComuneIstanzeLayer
    from plone.browserlayer import utils

    assert IComuneIstanzeLayer in utils.registered_layers()


def test_profile_version_and_upgrade_home(portal):
    """Profile version 1005; upgrade steps are registered in upgrades/configure.zcml."""
    setup = portal.portal_setup
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1005",)
    zcml = Path(comune.istanze.__file__).parent / "upgrades" / "configure.zcml"
    assert 'profile="comune.istanze:default"' in zcml.read_text(encoding="utf-8")
    # no step is pending on a fresh install
    assert setup.listUpgrades("comune.istanze:default") == []


def _broken_ftis(portal):
    """FTIs whose class, schema or behaviors cannot be loaded."""
    broken = []
    for fti in portal.portal_types.objectValues():
        if not IDexterityFTI.providedBy(fti):
            continue
        try:
            resolve(fti.klass)
            fti.lookupSchema()
            for behavior in fti.behaviors:
                if behavior.startswith("comune.istanze"):
                    raise LookupError(behavior)
        except Exception as error:  # noqa: BLE001 - any failure means broken
            broken.append((fti.getId(), repr(error)))
    return broken


def test_uninstall_leaves_site_working(functional):
    app, portal = functional["app"], functional["portal"]
    with api.env.adopt_roles(["Manager"]):
        doc = api.content.create(
            container=portal, type="Document", id="benvenuti", title="Benvenuti in Comune",
            text=RichTextValue("<p>Orari dello sportello anagrafe</p>", "text/html",
                               "text/x-html-safe"))
        api.content.transition(obj=doc, transition="publish")
    app_type = make_type(portal)
    generated = app_type.published_type
    assert generated in portal.portal_types.objectIds()
    transaction.commit()

    installer = get_installer(portal, functional["request"])
    installer.uninstall_product("comune.istanze")
    transaction.commit()

    assert not installer.is_product_installed("comune.istanze")
    type_ids = portal.portal_types.objectIds()
    assert "ApplicationType" not in type_ids and "StatisticsPage" not in type_ids
    prefix = "pas.plugins.authomatic.interfaces.IPasPluginsAuthomaticSettings"
    assert "comune.istanze" not in api.portal.get_registry_record(f"{prefix}.json_config")
    assert api.portal.get_registry_record(f"{prefix}.userid_factory_name") == "uuid"
    assert not [t for t in type_ids if t.startswith(PORTAL_TYPE_PREFIX)]
    assert generated not in type_ids
    assert WORKFLOW_ID not in portal.portal_workflow.objectIds()
    assert _broken_ftis(portal) == []

    browser = Browser(app)
    browser.handleErrors = False
    browser.open(portal.absolute_url())
    assert browser.headers["status"].startswith("200")
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.open(portal.absolute_url())
    assert browser.headers["status"].startswith("200")
    browser.open(doc.absolute_url())
    assert browser.headers["status"].startswith("200")
    assert "Orari dello sportello anagrafe" in browser.contents
    assert "Benvenuti in Comune" in browser.contents
    # the add menu and the Document add form still work
    browser.open(portal.absolute_url() + "/++add++Document")
    assert browser.headers["status"].startswith("200")


def test_design_plone_contenttypes_only_in_its_layer(portal):
    """design.plone.contenttypes is installed in this environment (tests/iocomune), but
    plone.app.testing turns plone.autoinclude off: the product's layer has neither its
    profile and types nor the publisher and MailHost patches its dependencies apply
    (experimental.noacquisition, redturtle.volto)."""
    from Products.MailHost.MailHost import MailHost
    from ZPublisher.BaseRequest import DefaultPublishTraverse

    import importlib.util

    assert importlib.util.find_spec("design.plone.contenttypes") is not None
    profiles = {info["id"] for info in portal.portal_setup.listProfileInfo()}
    assert "comune.istanze:default" in profiles
    assert not {p for p in profiles if p.startswith(("design.plone.contenttypes:", "redturtle.volto:"))}
    assert "Servizio" not in portal.portal_types
    assert DefaultPublishTraverse.publishTraverse.__module__ == "ZPublisher.BaseRequest"
    assert MailHost.send.__module__ == "Products.MailHost.MailHost"
