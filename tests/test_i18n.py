"""Translations: Italian msgids, a complete English catalog, both used by the site."""

from comune.istanze import _
from pathlib import Path
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from tests.fixtures import make_type
from zope.i18n import translate

import importlib.util
import polib
import pytest
import transaction


ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "src" / "comune" / "istanze" / "locales"
POT = LOCALES / "comune.istanze.pot"
ENGLISH = LOCALES / "en" / "LC_MESSAGES" / "comune.istanze.po"
ITALIAN = LOCALES / "it" / "LC_MESSAGES" / "comune.istanze.po"


def _i18n_script():
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_msgid_has_an_english_translation():
    pot = polib.pofile(str(POT))
    english = {entry.msgid: entry.msgstr for entry in polib.pofile(str(ENGLISH))}
    assert len(pot) > 100
    missing = [entry.msgid for entry in pot if not english.get(entry.msgid, "").strip()]
    assert missing == []


def test_catalogs_follow_the_pot():
    pot_ids = {entry.msgid for entry in polib.pofile(str(POT))}
    for path in (ENGLISH, ITALIAN):
        assert {entry.msgid for entry in polib.pofile(str(path))} == pot_ids


def test_placeholders_survive_translation():
    """${name} placeholders of each msgid are all in its English translation."""
    import re

    for entry in polib.pofile(str(ENGLISH)):
        if not entry.msgstr:
            continue  # reported by test_every_msgid_has_an_english_translation
        wanted = set(re.findall(r"\$\{(\w+)\}", entry.msgid))
        assert wanted == set(re.findall(r"\$\{(\w+)\}", entry.msgstr)), entry.msgid


def test_pot_is_up_to_date():
    """Every message of the code is in the pot (run `make i18n` after adding one)."""
    script = _i18n_script()
    assert script.check(POT) == []


def test_translate_api(integration):
    assert translate(_("Presenta istanza"), target_language="en") == "Submit an application"
    assert translate(_("Presenta istanza"), target_language="it") == "Presenta istanza"
    message = _("Istanza n. ${number}", mapping={"number": "2026-CONTAFF-000001"})
    assert translate(message, target_language="en") == "Application no. 2026-CONTAFF-000001"


@pytest.mark.parametrize(
    "language,present,absent",
    [
        ("en", ["Submit an application", "About the service", "Responsible office"],
         ["Presenta istanza", "Informazioni sul servizio"]),
        ("it", ["Presenta istanza", "Informazioni sul servizio", "Ufficio responsabile"],
         ["Submit an application", "About the service"]),
    ],
)
def test_site_language_drives_the_pages(functional, language, present, absent):
    app, portal = functional["app"], functional["portal"]
    portal.portal_registry["plone.default_language"] = language
    app_type = make_type(portal, title="Contributo affitto")
    transaction.commit()
    browser = Browser(app)
    browser.handleErrors = False
    browser.addHeader("Authorization", f"Basic {SITE_OWNER_NAME}:{SITE_OWNER_PASSWORD}")
    browser.open(app_type.absolute_url())
    for text in present:
        assert text in browser.contents
    for text in absent:
        assert text not in browser.contents
