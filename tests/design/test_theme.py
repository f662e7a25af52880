"""The optional Bootstrap Italia profile: installed resources, header and
footer of the site model; without it the site keeps Plone's theme."""

from comune.istanze.theme.interfaces import IBootstrapItaliaLayer
from plone.app.testing import applyProfile
from plone.browserlayer.utils import registered_layers
from tests.fixtures import make_type

import pathlib
import requests
import transaction


STATIC = pathlib.Path(__file__).parents[2] / "src/comune/istanze/theme/static"


def test_bootstrap_italia_is_pinned_and_copied_by_make_install():
    import json

    theme = STATIC.parent
    assert json.loads((theme / "package.json").read_text())["dependencies"] == {
        "bootstrap-italia": "2.18.3"}
    lock = json.loads((theme / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/bootstrap-italia"]["version"] == "2.18.3"
    css = (STATIC / "bootstrap-italia/css/bootstrap-italia.min.css").read_text()
    assert "Bootstrap Italia" in css[:400] and ".it-header-wrapper" in css
    assert list((STATIC / "bootstrap-italia/fonts").glob("titillium-web-*-600.woff2"))


def test_profile_registers_layer_bundles_and_turns_diazo_off(portal):
    registry = portal.portal_registry
    assert IBootstrapItaliaLayer not in registered_layers()
    assert registry["plone.app.theming.interfaces.IThemeSettings.enabled"] is True
    applyProfile(portal, "comune.istanze:bootstrap_italia")
    assert IBootstrapItaliaLayer in registered_layers()
    assert registry["plone.app.theming.interfaces.IThemeSettings.enabled"] is False
    bundles = {key.split("/")[1].rsplit(".", 1)[0]: registry[key] for key in registry.records.keys()
               if key.startswith("plone.bundles/bootstrap-italia") and key.endswith("csscompilation")}
    assert bundles == {
        "bootstrap-italia": "++plone++comune.istanze.theme/bootstrap-italia/css/bootstrap-italia.min.css",
        "bootstrap-italia-toolbar": "++theme++barceloneta/css/barceloneta-toolbar.min.css",
        "bootstrap-italia-comune": "++plone++comune.istanze.theme/comune.css",
    }


def test_themed_page_has_site_model_header_and_legal_footer(themed_portal):
    themed_portal.title = "Comune di Esempio"
    themed_portal.portal_registry["plone.site_title"] = "Comune di Esempio"
    make_type(themed_portal, code="TEMA", title="Contributo affitto")
    transaction.commit()
    base = themed_portal.absolute_url()
    html = requests.get(f"{base}/contributo-affitto", timeout=30).text
    assert "++plone++comune.istanze.theme/bootstrap-italia/css/bootstrap-italia.min.css" in html
    assert "++theme++barceloneta/css/barceloneta.min.css" not in html  # Diazo off
    assert 'class="it-brand-title">Comune di Esempio<' in html
    assert "++plone++comune.istanze.theme/stemma.svg" in html
    assert "Entra con SPID / CIE" in html and "@@spid-login" in html
    for page, title in (("privacy", "Informativa privacy"),
                        ("dichiarazione-di-accessibilita", "Dichiarazione di accessibilità"),
                        ("note-legali", "Note legali")):
        assert f'href="{base}/{page}">{title}</a>' in html
    assert "Lingua / Language" in html
    css = requests.get(f"{base}/++plone++comune.istanze.theme/bootstrap-italia/css/"
                       "bootstrap-italia.min.css", timeout=30)
    assert css.status_code == 200 and "Bootstrap Italia" in css.text[:400]


def test_without_the_profile_plone_theme_stays(functional_portal):
    make_type(functional_portal, code="PLAIN", title="Contributo affitto")
    transaction.commit()
    html = requests.get(f"{functional_portal.absolute_url()}/contributo-affitto", timeout=30).text
    assert "bootstrap-italia.min.css" not in html
    assert "it-brand-title" not in html and 'id="portal-logo"' in html
    assert "Entra con SPID / CIE" in html
