"""Less work on each page of the citizen's flow (issue 14 §5,
benchmarks/p1_browser.py): the draft's catalogued modification date is not
rewritten at every step, the resource links, the global sections and the
toolbar cost nothing the page does not show, and the pages keep what they
showed."""

from comune.istanze.forms.steps_forms import TOUCH_SECONDS
from DateTime import DateTime
from plone import api
from tests.journey.helpers import click
from tests.journey.helpers import current_step
from tests.journey.helpers import fill_nucleo
from tests.journey.helpers import start

import transaction


def draft_at(journey, draft_url):
    transaction.begin()
    return journey.type[draft_url.rstrip("/").rsplit("/", 1)[1]]


def catalogued_modified(journey, draft_url):
    path = "/".join(draft_at(journey, draft_url).getPhysicalPath())
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        path={"query": path, "depth": 0})
    assert len(brains) == 1
    return brains[0].modified


def age(journey, draft_url, seconds):
    """Make the draft's modification date ``seconds`` old (object and catalog)."""
    draft = draft_at(journey, draft_url)
    draft.setModificationDate(DateTime() - seconds / 86400.0)
    draft.reindexObject(idxs=["modified"])
    transaction.commit()
    return draft.modified()


def press_on_a_minute_old_draft(journey, button):
    """A new draft made a minute old, the first step filled, ``button`` pressed."""
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    recent = age(journey, draft_url, 60)
    fill_nucleo(browser)
    click(browser, button)
    return browser, draft_url, recent


def just_now(date):
    return DateTime() - date < 60 / 86400.0


def test_steps_update_the_modification_date_at_most_every_five_minutes(journey):
    browser, draft_url, recent = press_on_a_minute_old_draft(journey, "next")
    assert current_step(browser) == "modulo-alloggio"
    assert catalogued_modified(journey, draft_url) == recent  # no catalog write at this step
    old = age(journey, draft_url, TOUCH_SECONDS + 60)
    click(browser, "back")
    assert current_step(browser) == "modulo-nucleo"
    updated = catalogued_modified(journey, draft_url)
    assert updated > old and just_now(updated)  # it was older than 5 minutes: now


def test_salva_bozza_always_updates_the_modification_date(journey):
    browser, draft_url, recent = press_on_a_minute_old_draft(journey, "save")
    assert "Bozza salvata" in browser.contents
    updated = catalogued_modified(journey, draft_url)
    assert updated > recent and just_now(updated)


def test_flow_and_service_pages_use_the_cached_chrome(journey):
    from comune.istanze.browser.focus import CachedScripts
    from comune.istanze.browser.focus import CachedSections
    from comune.istanze.browser.focus import CachedStyles
    from comune.istanze.browser.focus import cached_chrome
    from comune.istanze.browser.focus import focus_on_the_form
    from comune.istanze.browser.focus import TopSections
    from Products.Five.browser import BrowserView
    from zope.component import getMultiAdapter
    from zope.viewlet.interfaces import IViewlet
    from zope.viewlet.interfaces import IViewletManager

    def viewlet(request, manager, name):
        view = BrowserView(journey.type, request)
        manager = getMultiAdapter((journey.type, request, view), IViewletManager, name=manager)
        return getMultiAdapter((journey.type, request, view, manager), IViewlet, name=name)

    service, flow = journey.portal.REQUEST.clone(), journey.portal.REQUEST.clone()
    cached_chrome(service)
    focus_on_the_form(flow)
    assert isinstance(viewlet(service, "plone.mainnavigation", "plone.global_sections"), CachedSections)
    assert not isinstance(viewlet(service, "plone.mainnavigation", "plone.global_sections"), TopSections)
    assert isinstance(viewlet(flow, "plone.mainnavigation", "plone.global_sections"), TopSections)
    for request in (service, flow):
        assert isinstance(viewlet(request, "plone.scripts", "plone.resourceregistries.scripts"),
                          CachedScripts)
        assert isinstance(viewlet(request, "plone.htmlhead.links", "plone.resourceregistries.styles"),
                          CachedStyles)


def rendered(journey, klass):
    """A resource viewlet of class ``klass`` on the type, in a new request."""
    from zope.component.hooks import setSite

    portal = journey.portal
    setSite(portal)
    request = portal.REQUEST.clone()
    request["PARENTS"] = [portal]
    viewlet = klass(journey.type, request, None, None)
    viewlet.update()
    return viewlet.render(), viewlet.rendered


def test_cached_resource_links_are_plones_own(journey):
    """The same script and style links as Plone's viewlets, built once."""
    from comune.istanze.browser.focus import CachedScripts
    from comune.istanze.browser.focus import CachedStyles
    from Products.CMFPlone.resources.browser.resource import ScriptsView
    from Products.CMFPlone.resources.browser.resource import StylesView

    plone_js, _r = rendered(journey, ScriptsView)
    plone_css, _r = rendered(journey, StylesView)
    ours_js, first = rendered(journey, CachedScripts)
    ours_css, second = rendered(journey, CachedStyles)
    assert ours_js == plone_js and ours_css == plone_css
    assert "<script" in ours_js and "stylesheet" in ours_css
    assert second is first  # the second page (or viewlet) did not build them again


def test_cached_resource_links_follow_a_registry_change_at_once(journey):
    """A bundle switched off in the resource registry's control panel (or by
    a profile import) is gone from the next page, not a minute later: Plone
    marks the registry changed, and that mark is part of the cache key."""
    from comune.istanze.browser.focus import CachedStyles
    from plone.registry.interfaces import IRegistry
    from Products.CMFPlone.resources.browser.resource import StylesView
    from Products.CMFPlone.resources.browser.resource import update_resource_registry_mtime
    from zope.component import getUtility

    before, _r = rendered(journey, CachedStyles)
    assert "easyform.css" in before
    getUtility(IRegistry)["plone.bundles/easyform.enabled"] = False
    update_resource_registry_mtime()  # what the control panel does
    after, _r = rendered(journey, CachedStyles)
    assert "easyform.css" not in after and after == rendered(journey, StylesView)[0]


def test_a_citizens_page_computes_no_toolbar_and_no_member_menu(journey):
    from comune.istanze.access.viewlets import AnonTools
    from comune.istanze.access.viewlets import MemberTools
    from comune.istanze.interfaces import IComuneIstanzeLayer
    from comune.istanze.theme.viewlets import AccessibleToolbar
    from plone.app.testing import logout
    from Products.Five.browser import BrowserView
    from tests.fixtures import login
    from zope.component import getMultiAdapter
    from zope.component.hooks import setSite
    from zope.interface import alsoProvides
    from zope.viewlet.interfaces import IViewletManager

    portal = journey.portal
    setSite(portal)
    request = portal.REQUEST
    alsoProvides(request, IComuneIstanzeLayer)
    view = BrowserView(journey.type, request)
    login(portal, journey.citizen)
    toolbar = getMultiAdapter((journey.type, request, view), IViewletManager, name="plone.toolbar")
    assert isinstance(toolbar, AccessibleToolbar)
    toolbar.update()
    assert toolbar.render() == "" and not getattr(toolbar, "viewlets", [])
    for klass in (MemberTools, AnonTools):
        viewlet = klass(journey.type, request, view, None)
        viewlet.update()
        assert viewlet.render() == ""
        assert not hasattr(viewlet, "user_actions"), klass  # nothing computed
    logout()
    anonymous = AnonTools(journey.type, request, view, None)
    anonymous.update()
    assert anonymous.anonymous and anonymous.user_actions  # login links for visitors
    assert 'id="portal-anontools"' in anonymous.render()
