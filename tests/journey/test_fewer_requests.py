"""The citizen's flow in fewer requests (issue 14 §5, benchmarks/p1_browser.py):
the type page starts the draft when there is nothing to choose, a new draft
opens on the first step to fill, a step's post answers with the next step's
page, and the flow pages leave out the viewlets with nothing to say there."""

from tests.journey.helpers import click
from tests.journey.helpers import current_step
from tests.journey.helpers import fill_nucleo
from tests.journey.helpers import start

import transaction


def has_start_button(browser):
    return 'name="form.buttons.start"' in browser.contents


def test_type_page_starts_the_draft_when_there_is_nothing_to_choose(journey):
    journey.type.applicant_kinds = ["self"]
    transaction.commit()
    anonymous = journey.browser()
    anonymous.open(journey.type_url)
    assert not has_start_button(anonymous)  # the link: log in first
    browser = journey.browser(journey.citizen)
    browser.open(journey.type_url)
    assert has_start_button(browser) and 'name="_authenticator"' in browser.contents
    browser.getControl(name="form.buttons.start").click()
    assert browser.url.endswith("/@@compila"), browser.url
    assert current_step(browser) == "modulo-nucleo"  # SPID filled «Richiedente»
    transaction.begin()
    assert len(journey.type.objectIds()) == 1
    browser.open(journey.type_url)  # a draft to resume: the start page lists it
    assert not has_start_button(browser)
    assert journey.type_url + "/@@presenta-istanza" in browser.contents


def test_type_page_links_to_the_start_page_when_there_is_a_choice(journey):
    browser = journey.browser(journey.citizen)  # «per sé» or «per un familiare»
    browser.open(journey.type_url)
    assert not has_start_button(browser)
    assert journey.type_url + "/@@presenta-istanza" in browser.contents


def test_step_post_answers_with_the_next_step_and_reload_keeps_it(journey):
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, journey.type_url)
    fill_nucleo(browser)
    click(browser, "next")
    assert browser.url == draft_url + "/@@compila"  # no redirect
    assert current_step(browser) == "modulo-alloggio"
    assert 'aria-current="step"' in browser.contents and "Alloggio" in browser.contents
    assert browser.getControl(name="form.widgets.indirizzo").value == ""  # not the posted values
    assert "Controlla i campi" not in browser.contents  # its handlers did not run
    browser.open(draft_url + "/@@compila")  # the address reloads the step shown
    assert current_step(browser) == "modulo-alloggio"
    click(browser, "back")
    assert current_step(browser) == "modulo-nucleo"
    assert browser.getControl(name="form.widgets.componenti").value == "3"  # stored


def test_flow_pages_keep_the_chrome_and_leave_out_what_has_nothing_to_say(journey):
    from comune.istanze.browser.focus import focus_on_the_form
    from comune.istanze.browser.focus import Nothing
    from comune.istanze.browser.focus import TopSections
    from Products.Five.browser import BrowserView
    from zope.component import getMultiAdapter
    from zope.viewlet.interfaces import IViewlet
    from zope.viewlet.interfaces import IViewletManager

    browser = journey.browser(journey.citizen)
    start(browser, journey.type_url)
    assert "portal-footer" in browser.contents and "portal-globalnav" in browser.contents
    context, request = journey.type, journey.portal.REQUEST
    focus_on_the_form(request)
    view = BrowserView(context, request)

    def viewlet(manager, name):
        manager = getMultiAdapter((context, request, view), IViewletManager, name=manager)
        return getMultiAdapter((context, request, view, manager), IViewlet, name=name)

    for manager, name in (("plone.belowcontent", "plone.documentactions"),
                          ("plone.htmlhead", "plone.htmlhead.socialtags"),
                          ("plone.htmlhead.links", "plone.links.author")):
        assert isinstance(viewlet(manager, name), Nothing), name
    assert isinstance(viewlet("plone.mainnavigation", "plone.global_sections"), TopSections)
