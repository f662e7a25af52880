"""Italian first, English on request (issue 14, point 3): the browser's
language on the first visit, the switch in the header, the choice kept."""

from comune.istanze.languages import enable_language_choice
from plone import api
from tests.fixtures import make_type

import re
import requests
import transaction


def _get(url, language=None, session=None, **kw):
    headers = {"Accept-Language": language} if language else {}
    return (session or requests).get(url, headers=headers, timeout=60, **kw)


def _lang(html):
    return re.search(r'<html[^>]*\slang="([a-z-]+)"', html).group(1)


def test_the_browser_language_decides_the_first_visit(functional_portal):
    base = functional_portal.absolute_url()
    english = _get(base, "en-GB,en;q=0.9")
    assert _lang(english.text) == "en"
    assert "Log in with SPID / CIE" in english.text
    italian = _get(base, "it-IT,it;q=0.9,en;q=0.5")
    assert _lang(italian.text) == "it" and "Entra con SPID / CIE" in italian.text
    # a language the site does not offer: Italian
    assert _lang(_get(base, "de-DE,de;q=0.9").text) == "it"
    assert _lang(_get(base).text) == "it"


def test_the_switch_is_in_the_header_and_the_choice_is_kept(functional_portal):
    app_type = make_type(functional_portal)
    transaction.commit()
    base = functional_portal.absolute_url()
    page = _get(f"{app_type.absolute_url()}?step=2", "it")
    assert page.status_code == 200
    nav = re.search(r'<nav class="comune-istanze-lingua".*?</nav>', page.text, re.S).group(0)
    assert 'aria-label="Lingua / Language"' in nav
    links = re.findall(r'<a ([^>]*)>([^<]+)</a>', nav)
    assert [name for _attrs, name in links] == ["Italiano", "English"]
    italiano, english = (attrs for attrs, _name in links)
    assert 'lang="it"' in italiano and 'hreflang="it"' in italiano
    assert 'aria-current="true"' in italiano and "aria-current" not in english
    href = re.search(r'href="([^"]+)"', english).group(1).replace("&amp;", "&")
    assert href == f"{app_type.absolute_url()}?step=2&set_language=en"  # same page, same step

    visitor = requests.Session()
    chosen = _get(href, "it-IT,it", session=visitor)
    assert _lang(chosen.text) == "en"
    assert visitor.cookies.get("I18N_LANGUAGE") == "en"
    # the next pages stay in English whatever the browser says
    later = _get(base, "it-IT,it", session=visitor)
    assert _lang(later.text) == "en" and "Log in with SPID / CIE" in later.text
    back = _get(f"{base}?set_language=it", "en", session=visitor)
    assert _lang(back.text) == "it" and visitor.cookies.get("I18N_LANGUAGE") == "it"


def test_plone_selector_is_replaced_not_doubled(functional_portal):
    html = _get(functional_portal.absolute_url(), "it").text
    assert html.count('class="comune-istanze-lingua"') == 1
    assert 'id="portal-languageselector"' not in html


def test_enabling_keeps_the_languages_a_site_already_offers(portal):
    api.portal.set_registry_record("plone.available_languages", ["it", "de"])
    api.portal.set_registry_record("plone.use_cookie_negotiation", False)
    enable_language_choice()
    assert api.portal.get_registry_record("plone.available_languages") == ["it", "de", "en"]
    assert api.portal.get_registry_record("plone.use_cookie_negotiation") is True
    assert api.portal.get_registry_record("plone.use_request_negotiation") is True
    assert api.portal.get_registry_record("plone.default_language") == "it"
