"""The public page of an application type and its "Presenta istanza" button."""

from comune.istanze.interfaces import IComuneIstanzeLayer
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import logout
from plone.app.textfield.value import RichTextValue
from tests.fixtures import make_type
from zope.interface import alsoProvides

import pytest


APPLY_LINK = "/@@presenta-istanza"


@pytest.fixture
def render(portal):
    alsoProvides(portal.REQUEST, IComuneIstanzeLayer)

    def render(type_obj):
        return type_obj.restrictedTraverse("@@view")()

    return render


def test_open_type_shows_everything_and_the_button(portal, render):
    t = make_type(
        portal,
        legal_basis="Legge 9 dicembre 1998, n. 431, art. 11",
        privacy_notice=RichTextValue(
            "<p>Titolare del trattamento: il Comune.</p>",
            "text/html",
            "text/x-html-safe",
        ),
    )
    logout()
    html = render(t)
    assert f'href="{t.absolute_url()}{APPLY_LINK}"' in html
    assert "Presentazione aperta fino al" in html
    assert (
        "disabled" not in html.split('id="presenta-titolo"')[1].split("</section>")[0]
    )
    for text in (
        "Contributo affitto",
        "Ufficio Casa",
        "Legge 9 dicembre 1998",
        "Per sé",
        "Per conto di un familiare",
        "Contratto di locazione",
        "Obbligatorio",
        "PDF",
        "Entro",
        "30",
        "SPID livello 2",
        "Titolare del trattamento: il Comune.",
    ):
        assert text in html, text


@pytest.mark.parametrize(
    "shift,message",
    [
        (timedelta(days=-10), "La presentazione si è chiusa il"),
        (timedelta(days=10), "La presentazione si apre il"),
    ],
)
def test_closed_or_future_window_disables_the_button(portal, render, shift, message):
    now = datetime.now()
    t = make_type(
        portal,
        code="BANDO",
        title="Bando",
        opening=now + shift - timedelta(days=5),
        closing=now + shift,
    )
    html = render(t)
    assert APPLY_LINK not in html
    assert (
        'disabled="disabled"' in html and 'aria-describedby="istanze-finestra"' in html
    )
    assert message in html


def test_unpublished_type_has_no_button(portal, render):
    now = datetime.now()
    with api.env.adopt_roles(["Manager"]):
        t = api.content.create(
            container=portal,
            type="ApplicationType",
            title="In preparazione",
            code="PREP",
            office="Ufficio",
            opening=now - timedelta(days=1),
            closing=now + timedelta(days=1),
            classification="1.1",
        )
    html = render(t)
    assert APPLY_LINK not in html
    assert "Il servizio non è ancora disponibile online." in html
