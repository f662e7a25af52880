"""Steps of the journey driven through a zope.testbrowser."""

from tests.journey.conftest import real_pdf

import re


def start(browser, type_url):
    """Open "Presenta istanza" and start a draft for oneself; returns the draft URL."""
    browser.open(type_url + "/@@presenta-istanza")
    browser.getControl(name="form.buttons.start").click()
    assert "@@compila" in browser.url, browser.url
    return browser.url.split("/@@compila")[0]


def click(browser, name):
    browser.getControl(name=f"form.buttons.{name}").click()


def fill_nucleo(browser, componenti="3", isee="9000"):
    browser.getControl(name="form.widgets.componenti").value = componenti
    browser.getControl(name="form.widgets.isee").value = isee


def fill_alloggio(browser, indirizzo="Via Roma 1"):
    browser.getControl(name="form.widgets.indirizzo").value = indirizzo


def upload(browser, data, filename, mime="application/pdf"):
    browser.getControl(name="allegato-0").add_file(data, mime, filename)


def fill_all(browser, draft_url):
    """From the first step to the review page, everything valid."""
    browser.open(draft_url + "/@@compila?step=richiedente")
    click(browser, "next")
    fill_nucleo(browser)
    click(browser, "next")
    fill_alloggio(browser)
    click(browser, "next")
    upload(browser, real_pdf(), "contratto.pdf")
    click(browser, "next")
    assert current_step(browser) == "riepilogo", browser.url


def submit(browser, acknowledge=True):
    if acknowledge:
        browser.getControl(name="form.widgets.privacy_ack:list").value = ["selected"]
    click(browser, "submit")


def current_step(browser):
    """Name of the step the page shows (a step's post answers with the page
    of the step it goes to, at the address ``@@compila``)."""
    found = re.search(r'name="step" value="([^"]+)"', browser.contents)
    return found.group(1) if found else None
