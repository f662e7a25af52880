"""The server applies the conditions: steps skipped, hidden fields neither
required nor stored (also when a tampered post sends them), the review, the
receipt (whose HTML the PDF/A is printed from) show only what applied. Driven through the real
``@@compila`` pages (zope.testbrowser, no JavaScript)."""

from comune.istanze.documents.receipt import receipt_html
from comune.istanze.forms.steps import steps_for
from plone import api
from tests.journey.helpers import click
from tests.journey.helpers import current_step
from tests.journey.helpers import start
from tests.journey.helpers import submit
from urllib.parse import urlencode

import transaction


def draft_of(cond, url):
    transaction.begin()
    return cond.type[url.rstrip("/").split("/")[-1]]


def step_names(app):
    return [s.name for s in steps_for(app)]


def first_step(browser, tipo, figli, **extra):
    browser.getControl(name="form.widgets.tipo_richiedente:list").value = [tipo]
    browser.getControl(name="form.widgets.figli").value = figli
    for name, value in extra.items():
        browser.getControl(name=f"form.widgets.{name}").value = value


def wrapper_hidden(browser, name):
    """True when the field's wrapper carries the ``hidden`` attribute."""
    import lxml.html

    node = lxml.html.fromstring(browser.contents).cssselect(f'[data-istanze-field="{name}"]')[0]
    return "hidden" in node.attrib


def test_private_applicant_skips_the_hidden_field_and_the_children_step(cond):
    browser = cond.browser()
    draft_url = start(browser, cond.type.absolute_url())
    assert current_step(browser) == "modulo-richiedente_tipo"  # SPID filled «Richiedente»
    assert wrapper_hidden(browser, "nome_associazione")  # nothing chosen yet
    first_step(browser, "privato", "0")
    click(browser, "next")
    # «Figli» does not apply (figli > 0 is false): straight to «Alloggio».
    assert current_step(browser) == "modulo-alloggio", browser.url
    assert "Figli" not in [li.strip() for li in browser.contents.split("</span>")]
    app = draft_of(cond, draft_url)
    assert step_names(app) == ["richiedente", "modulo-richiedente_tipo", "modulo-alloggio", "riepilogo"]
    assert app.nome_associazione is None  # hidden and required: not asked
    assert not wrapper_hidden(browser, "canone")  # private applicant: the rent is asked
    browser.getControl(name="form.widgets.indirizzo").value = "Via Roma 1"
    browser.getControl(name="form.widgets.canone").value = "450"
    click(browser, "next")
    assert current_step(browser) == "riepilogo"
    assert "Nome dell'associazione" not in browser.contents
    assert "Nomi dei figli" not in browser.contents and "Canone mensile" in browser.contents
    submit(browser)
    app = draft_of(cond, draft_url)
    assert api.content.get_state(app) == "submitted", browser.contents
    html = receipt_html(app)
    assert "Canone mensile" in html and "450" in html
    assert "Nome dell'associazione" not in html and "Nomi dei figli" not in html


def test_association_must_name_itself_even_without_refresh(cond):
    """No JavaScript, no «Aggiorna»: the server sees the association and now
    requires its name, showing the field with its error."""
    browser = cond.browser()
    draft_url = start(browser, cond.type.absolute_url())
    assert current_step(browser) == "modulo-richiedente_tipo"  # SPID filled «Richiedente»
    first_step(browser, "associazione", "2")
    click(browser, "next")
    assert current_step(browser) == "modulo-richiedente_tipo"
    assert "Controlla i campi evidenziati" in browser.contents
    assert not wrapper_hidden(browser, "nome_associazione")
    assert draft_of(cond, draft_url).tipo_richiedente is None  # nothing half-stored
    browser.getControl(name="form.widgets.nome_associazione").value = "Circolo Arci"
    click(browser, "next")
    assert current_step(browser) == "modulo-figli_dati"  # figli > 0: the step applies
    browser.getControl(name="form.widgets.nomi_figli").value = "Anna, Luca"
    click(browser, "next")
    assert current_step(browser) == "modulo-alloggio"
    assert wrapper_hidden(browser, "canone")  # not for associations
    app = draft_of(cond, draft_url)
    assert (app.tipo_richiedente, app.nome_associazione, app.nomi_figli) == (
        "associazione", "Circolo Arci", "Anna, Luca")


def test_refresh_recomputes_without_storing(cond):
    browser = cond.browser()
    draft_url = start(browser, cond.type.absolute_url())
    assert current_step(browser) == "modulo-richiedente_tipo"  # SPID filled «Richiedente»
    assert wrapper_hidden(browser, "nome_associazione")
    first_step(browser, "associazione", "1")
    click(browser, "refresh")
    assert "Domande aggiornate" in browser.contents
    assert not wrapper_hidden(browser, "nome_associazione")
    # the values entered are kept in the page, nothing was stored
    assert browser.getControl(name="form.widgets.figli").value == "1"
    assert browser.getControl(name="form.widgets.tipo_richiedente:list").value == ["associazione"]
    assert "Controlla i campi" not in browser.contents  # no errors on a refresh
    assert draft_of(cond, draft_url).tipo_richiedente is None


def test_tampered_post_stores_nothing_of_hidden_fields(cond):
    browser = cond.browser()
    draft_url = start(browser, cond.type.absolute_url())
    assert current_step(browser) == "modulo-richiedente_tipo"  # SPID filled «Richiedente»
    # The hidden input is still in the page: a forged post fills it.
    first_step(browser, "privato", "0", nome_associazione="Associazione fantasma")
    click(browser, "next")
    assert current_step(browser) == "modulo-alloggio"
    browser.getControl(name="form.widgets.indirizzo").value = "Via Roma 1"
    browser.getControl(name="form.widgets.canone").value = "300"
    click(browser, "save")
    app = draft_of(cond, draft_url)
    assert app.tipo_richiedente == "privato"
    assert getattr(app, "nome_associazione", None) is None
    # The skipped step cannot be opened, and a forged post to it stores nothing.
    browser.open(draft_url + "/@@compila?step=modulo-figli_dati")
    assert "form.widgets.nomi_figli" not in browser.contents
    token = browser.getControl(name="_authenticator").value
    browser.post(draft_url + "/@@compila?step=modulo-figli_dati", urlencode({
        "_authenticator": token, "form.widgets.nomi_figli": "Figlio inventato",
        "form.buttons.save": "Salva bozza"}))
    app = draft_of(cond, draft_url)
    assert getattr(app, "nomi_figli", None) is None
    assert (app.indirizzo, app.canone) == ("Via Roma 1", 300)


def test_changing_an_earlier_answer_clears_what_no_longer_applies(cond):
    browser = cond.browser()
    draft_url = start(browser, cond.type.absolute_url())
    assert current_step(browser) == "modulo-richiedente_tipo"  # SPID filled «Richiedente»
    first_step(browser, "privato", "2")
    click(browser, "next")
    browser.getControl(name="form.widgets.nomi_figli").value = "Anna, Luca"
    click(browser, "next")
    assert draft_of(cond, draft_url).nomi_figli == "Anna, Luca"
    browser.open(draft_url + "/@@compila?step=modulo-richiedente_tipo")
    first_step(browser, "privato", "0")
    click(browser, "next")
    app = draft_of(cond, draft_url)
    assert app.figli == 0 and app.nomi_figli is None  # the «Figli» step no longer applies
    assert "modulo-figli_dati" not in step_names(app)
