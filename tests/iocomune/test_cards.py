"""Issue 13 §5: a Servizio card of design.plone.contenttypes pointing at a type
follows it (publish, retract, window end).

unittest classes with a ``layer`` (zope.pytestlayer): the io-Comune layer runs
after every pytest-plone test and is torn down on its own, so its site (with
design.plone.contenttypes installed) never becomes the product's layer's site.
"""

from comune.istanze.iocomune import LINK_FIELD
from comune.istanze.iocomune import TEXT_FIELD
from comune.istanze.iocomune.behavior import ITipologiaIstanza
from comune.istanze.iocomune.card import BLOCK_ID
from comune.istanze.iocomune.events import KIND
from comune.istanze.iocomune.events import Schedule
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import make_type
from tests.iocomune.layers import IOCOMUNE_FUNCTIONAL
from tests.iocomune.layers import IOCOMUNE_INTEGRATION
from plone.restapi.interfaces import ISerializeToJsonSummary
from zope.component import getMultiAdapter
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import unittest


EDITOR_BLOCK = {"@type": "slate", "plaintext": "Anche allo sportello."}


def blocks(text):
    return {"blocks": {"testo": {"@type": "slate", "plaintext": text,
                                 "value": [{"type": "p", "children": [{"text": text}]}]}},
            "blocks_layout": {"items": ["testo"]}}


# What design.plone.contenttypes requires of a Servizio before it accepts an edit (its deserializer).
COMPLETE = {
    "description": "Contributo comunale per il pagamento del canone di locazione.",
    "a_chi_si_rivolge": blocks("Ai residenti in affitto."),
    "come_si_fa": blocks("Si presenta la domanda online o allo sportello."),
    "cosa_serve": blocks("Il contratto di locazione registrato."),
    "cosa_si_ottiene": blocks("Un contributo sul canone."),
    "tempi_e_scadenze": blocks("Entro la chiusura del bando."),
}


def make_card(portal, type_obj=None, **kw):
    with api.env.adopt_roles(["Manager"]):
        card = api.content.create(container=portal, type="Servizio", title="Contributo per l'affitto",
                                  tipologia_istanza=type_obj.UID() if type_obj else None,
                                  **{**COMPLETE, **kw})
        api.content.transition(obj=card, transition="publish")
    return card


def texts(card):
    blocks = card.canale_digitale or {}
    return [blocks["blocks"][i]["plaintext"] for i in blocks.get("blocks_layout", {}).get("items", [])]


class TestCards(unittest.TestCase):
    layer = IOCOMUNE_INTEGRATION

    def test_profile_adds_the_pointer_and_its_index(self):
        portal = self.layer["portal"]
        fti = portal.portal_types["Servizio"]
        assert "comune.istanze.iocomune" in fti.behaviors
        assert "tipologia_istanza" in portal.portal_catalog.indexes()

    def test_the_servizio_is_design_plone_contenttypes_one(self):
        """The real type: its schema holds the two fields the card writes."""
        from collective.volto.blocksfield.field import BlocksField
        from design.plone.contenttypes.interfaces.servizio import IServizio
        from plone.base.utils import get_installer
        from zope.schema import TextLine

        portal = self.layer["portal"]
        installer = get_installer(portal, self.layer["request"])
        assert installer.is_product_installed("design.plone.contenttypes")
        assert installer.is_product_installed("comune.istanze")
        fti = portal.portal_types["Servizio"]
        assert fti.schema == IServizio.__identifier__
        assert type(IServizio[LINK_FIELD]) is TextLine
        assert isinstance(IServizio[TEXT_FIELD], BlocksField)
        card = make_card(portal)
        assert IServizio.providedBy(card) and ITipologiaIstanza.providedBy(card)
        assert portal.portal_catalog.Indexes[LINK_FIELD].meta_type == "BooleanIndex"  # the package's own


    def test_publishing_the_type_fills_the_card(self):
        portal = self.layer["portal"]
        with api.env.adopt_roles(["Manager"]):
            type_obj = api.content.create(container=portal, type="ApplicationType", title="Contributo affitto",
                                          code="CONTAFF", opening=datetime(2026, 1, 1, 9, 0),
                                          closing=datetime(2099, 3, 31, 12, 0))
        card = make_card(portal, type_obj, canale_digitale={
            "blocks": {"editor": EDITOR_BLOCK}, "blocks_layout": {"items": ["editor"]}})
        assert card.canale_digitale_link is None
        assert texts(card) == ["Il servizio non è ancora disponibile online.", "Anche allo sportello."]
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=type_obj, transition="publish")
        assert card.canale_digitale_link == type_obj.absolute_url() + "/@@presenta-istanza"
        assert texts(card) == ["Presenta istanza online. Presentazione aperta fino al 31/03/2099 alle 12:00.",
                               "Anche allo sportello."]  # the editor's block is kept
        assert card.canale_digitale["blocks"][BLOCK_ID]["value"][0]["children"][0]["text"].startswith(
            "Presenta istanza online")
        assert [b.UID for b in api.content.find(tipologia_istanza=type_obj.UID())] == [card.UID()]
        # the card as design.plone.contenttypes summarises it where Volto lists services
        summary = getMultiAdapter((card, self.layer["request"]), ISerializeToJsonSummary)()
        summarised = summary["canale_digitale"]["blocks"][BLOCK_ID]["plaintext"]
        assert summarised.startswith("Presenta istanza online.")
        # design.plone.contenttypes' own index of the cards that have a digital channel
        with_channel = api.content.find(portal_type="Servizio", canale_digitale_link=True)
        assert [b.UID for b in with_channel] == [card.UID()]


    def test_a_card_linked_later_is_filled_at_once_and_a_future_window_shown(self):
        portal = self.layer["portal"]
        opening = datetime.now() + timedelta(days=10)
        type_obj = make_type(portal, opening=opening, closing=opening + timedelta(days=20))
        card = make_card(portal)
        assert card.canale_digitale_link is None
        card.tipologia_istanza = type_obj.UID()
        notify(ObjectModifiedEvent(card))
        assert card.canale_digitale_link == type_obj.absolute_url() + "/@@presenta-istanza"
        assert texts(card) == [f"Presenta istanza online. La presentazione si apre il "
                               f"{opening:%d/%m/%Y alle %H:%M}."]


    def test_retracting_the_type_empties_the_link(self):
        portal = self.layer["portal"]
        type_obj = make_type(portal)
        card = make_card(portal, type_obj)
        assert card.canale_digitale_link
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=type_obj, transition="retract")
        assert card.canale_digitale_link is None
        assert texts(card) == ["Il servizio non è ancora disponibile online."]
        assert not api.content.find(portal_type="Servizio", canale_digitale_link=True)


    def test_editing_the_closing_date_updates_the_card(self):
        portal = self.layer["portal"]
        type_obj = make_type(portal)
        card = make_card(portal, type_obj)
        type_obj.closing = datetime.now() - timedelta(hours=1)
        notify(ObjectModifiedEvent(type_obj))
        assert card.canale_digitale_link is None
        assert texts(card)[0].startswith("La presentazione si è chiusa il ")


    def test_unlinking_takes_back_only_what_was_written(self):
        portal = self.layer["portal"]
        type_obj = make_type(portal)
        card = make_card(portal, type_obj, canale_digitale={
            "blocks": {"editor": EDITOR_BLOCK}, "blocks_layout": {"items": ["editor"]}})
        card.tipologia_istanza = None
        notify(ObjectModifiedEvent(card))
        assert card.canale_digitale_link is None
        assert texts(card) == ["Anche allo sportello."]
        other = make_card(portal, canale_digitale_link="https://altro.example/servizio")
        assert other.canale_digitale_link == "https://altro.example/servizio"  # never ours to change


    def test_the_hourly_job_is_scheduled_once_an_hour(self):
        portal = self.layer["portal"]
        now = datetime(2026, 11, 30, 14, 5)
        first = Schedule().schedule(portal, now)
        assert first.kind == KIND
        assert Schedule().schedule(portal, now + timedelta(minutes=40)) is first
        assert Schedule().schedule(portal, now + timedelta(hours=1)) is not first
        portal.portal_catalog.delIndex("tipologia_istanza")  # a site without the profile
        assert Schedule().schedule(portal, now + timedelta(hours=2)) is None


    def test_vocabulary_lists_the_types(self):
        portal = self.layer["portal"]
        from zope.component import getUtility
        from zope.schema.interfaces import IVocabularyFactory

        type_obj = make_type(portal)
        vocabulary = getUtility(IVocabularyFactory, "comune.istanze.iocomune.tipologie")(portal)
        assert [(t.value, t.title) for t in vocabulary] == [(type_obj.UID(), "Contributo affitto")]


    def test_included_only_with_the_package(self):
        """The product's own configure.zcml includes the integration only when
        design.plone.contenttypes is installed (it is, here: the behavior is there)."""
        import comune.istanze
        import pathlib

        from plone.behavior.interfaces import IBehavior
        from zope.component import getUtility

        zcml = (pathlib.Path(comune.istanze.__file__).parent / "configure.zcml").read_text()
        assert ('<include package=".iocomune" zcml:condition="installed design.plone.contenttypes" />'
                in zcml)
        assert getUtility(IBehavior, name="comune.istanze.iocomune").interface is ITipologiaIstanza


class TestHourlyJob(unittest.TestCase):
    layer = IOCOMUNE_FUNCTIONAL

    def test_window_end_reaches_the_card_through_the_hourly_job(self):
        """No event marks the end of a window: the hourly outbox job brings it to the card."""
        functional_portal = self.layer["portal"]
        from comune.istanze.outbox.worker import run_once

        import requests
        import transaction

        type_obj = make_type(functional_portal)
        card = make_card(functional_portal, type_obj)
        transaction.commit()
        web = requests.Session()
        web.headers["Accept"] = "application/json"
        page = requests.get(card.absolute_url(), timeout=60).text  # Classic page
        assert 'class="btn btn-primary istanze-canale-link"' in page and "Presenta istanza online" in page
        rest = web.get(card.absolute_url(), timeout=60).json()  # what Volto reads
        assert rest["canale_digitale_link"] == type_obj.absolute_url() + "/@@presenta-istanza"
        assert rest["canale_digitale"]["blocks"][BLOCK_ID]["plaintext"].startswith("Presenta istanza online.")

        type_obj.closing = datetime.now() - timedelta(minutes=5)  # time passed: no event
        transaction.commit()
        assert Schedule().schedule(functional_portal, datetime.now()).kind == KIND  # as the worker does
        transaction.commit()
        assert run_once(functional_portal) == {"done": 1}
        transaction.begin()
        assert card.canale_digitale_link is None
        assert texts(card)[0].startswith("La presentazione si è chiusa il ")
        rest = web.get(card.absolute_url(), timeout=60).json()
        assert rest["canale_digitale_link"] is None
        page = requests.get(card.absolute_url(), timeout=60).text
        assert "La presentazione si è chiusa il" in page and "istanze-canale-link" not in page


class TestVoltoEditor(unittest.TestCase):
    layer = IOCOMUNE_FUNCTIONAL

    def test_an_editor_links_the_card_through_the_rest_api(self):
        """The PATCH a Volto editor sends goes through design.plone.contenttypes' own
        Servizio deserializer; the type is chosen among the site's types (the vocabulary)."""
        from plone.app.testing import SITE_OWNER_NAME
        from plone.app.testing import SITE_OWNER_PASSWORD

        import requests
        import transaction

        portal = self.layer["portal"]
        type_obj = make_type(portal)
        card = make_card(portal)
        transaction.commit()
        editor = requests.Session()
        editor.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        editor.headers.update({"Accept": "application/json", "Content-Type": "application/json"})
        refused = editor.patch(card.absolute_url(), json={"tipologia_istanza": "not-a-type"}, timeout=60)
        assert refused.status_code == 400 and "tipologia_istanza" in refused.json()["message"]
        incomplete = editor.patch(card.absolute_url(), json={"tipologia_istanza": type_obj.UID(),
                                                              "come_si_fa": {}}, timeout=60)
        assert incomplete.status_code == 400  # the package's own rules still apply
        assert "Il campo come_si_fa è obbligatorio" in incomplete.json()["message"]
        done = editor.patch(card.absolute_url(), json={"tipologia_istanza": type_obj.UID()}, timeout=60)
        assert done.status_code == 204, done.text
        rest = editor.get(card.absolute_url(), timeout=60).json()
        assert rest["tipologia_istanza"]["token"] == type_obj.UID()
        assert rest["canale_digitale_link"] == type_obj.absolute_url() + "/@@presenta-istanza"
        assert rest["canale_digitale"]["blocks"][BLOCK_ID]["plaintext"].startswith("Presenta istanza online.")
