"""Issue 13, "Done when": an editor exports the demo's rent-subsidy call,
imports it into a second site, adapts its workflow and a conditional step
there, publishes it, and a citizen applies.

Two Plone sites in the same functional layer: the layer's own (the Comune
that shares the type) and ``comune2``, created here with the product's
profile. Export, import and the citizen's application go over HTTP.
"""

from comune.istanze.demo import bando
from comune.istanze.exchange.document import export_type
from comune.istanze.forms.designer import save_form_model
from comune.istanze.ranking import storage
from comune.istanze.workflow.custom import apply_definition
from comune.istanze.workflow.custom import definition_xml
from comune.istanze.workflow.custom import workflow_id_of
from contextlib import contextmanager
from plone import api
from plone.app.textfield.value import RichTextValue
from tests.fixtures import http_session
from tests.fixtures import make_citizen
from tests.gcpause import add_plone_site
from zope.component.hooks import getSite
from zope.component.hooks import setSite

import requests
import transaction


EDITOR_PASSWORD = "redattore-Password-1"
SOPRALLUOGO = (
    '  <state id="sopralluogo" title="Sopralluogo" citizen-title="In verifica"/>\n'
)
TO_SOPRALLUOGO = (
    '  <transition id="to_sopralluogo" kind="office" title="Avvia sopralluogo" '
    'from="in_review" to="sopralluogo" roles="Istruttore"/>\n'
    '  <transition id="end_sopralluogo" kind="office" title="Concludi sopralluogo" '
    'from="sopralluogo" to="in_review" roles="Istruttore"/>\n'
)
# A whole step shown only to households with a person with disabilities.
CONDITIONAL_STEP = (
    '    <fieldset name="invalidita_dati" label="Invalidità nel nucleo" '
    'istanze:show-when="invalidita">\n'
    '      <field name="percentuale_invalidita" type="zope.schema.Int">\n'
    "        <title>Percentuale di invalidità</title>\n"
    "        <min>1</min>\n"
    "        <max>100</max>\n"
    "      </field>\n"
    "    </fieldset>\n"
)


@contextmanager
def site(portal):
    before = getSite()
    setSite(portal)
    try:
        yield portal
    finally:
        setSite(before)


def _editor(portal, folder):
    with site(portal), api.env.adopt_roles(["Manager"]):
        if api.user.get(userid="redattore") is None:
            api.user.create(username="redattore", email="redattore@comune.example",
                            password=EDITOR_PASSWORD)
        api.user.grant_roles(username="redattore", obj=folder, roles=["Editor"])
    return http_session("redattore", password=EDITOR_PASSWORD)


def _privacy():
    """A new copy of the demo's notice: a RichTextValue is persistent, and the
    demo module's one must not be stored in this layer's database."""
    notice = bando.forms.PRIVACY
    return RichTextValue(notice.raw, notice.mimeType, notice.outputMimeType)


def _demo_rent_subsidy_call(portal):
    """The demo's «Bando contributi affitto 2026» (its definition, no sample applications)."""
    with site(portal), api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=portal, type="Folder", id="servizi-online",
                                    title="Servizi online")
        call = bando._type(folder, id="bando-affitti-2026", title="Bando contributi affitto 2026",
                           code="BANDO", classification="7.1", form_model=bando.BANDO_XML,
                           budget=20000.0, grant_amount_field="importo_richiesto",
                           allow_partial=True, privacy_notice=_privacy())
        storage.save_rules(call, bando.RULES)
    return folder, call


def _second_site(app):
    site2 = add_plone_site(app, "comune2", title="Comune di Altrove", default_language="it",
                           extension_ids=("plone.app.contenttypes:default",
                                          "collective.easyform:default",
                                          "comune.istanze:default"),
                           setup_content=False)
    with site(site2), api.env.adopt_roles(["Manager"]):
        api.portal.set_registry_record("plone.available_languages", ["it", "en"])
        folder = api.content.create(container=site2, type="Folder", id="servizi",
                                    title="Servizi")
    return site2, folder


def test_editor_shares_the_rent_subsidy_call_with_another_comune_and_a_citizen_applies(
        functional_app, functional_portal):
    folder1, call = _demo_rent_subsidy_call(functional_portal)
    transaction.commit()  # the first site's indexing queue is done before another site runs
    site2, folder2 = _second_site(functional_app)
    editor1 = _editor(functional_portal, folder1)
    editor2 = _editor(site2, folder2)
    transaction.commit()

    # 1. the editor of the first Comune exports the call (one XML document)
    url1 = call.absolute_url()
    exported = editor1.get(f"{url1}/@@esporta-tipologia")
    assert exported.status_code == 200, exported.text
    assert exported.headers["Content-Type"].startswith("application/xml")
    assert 'filename="tipologia-bando.xml"' in exported.headers["Content-Disposition"]
    xml = exported.content
    assert b'<campo nome="grant_amount_field">importo_richiesto</campo>' in xml
    assert b"<graduatoria>" in xml and b"<flusso>" in xml

    # 2. the editor of the second Comune imports it (REST); references are all there
    url2 = folder2.absolute_url()
    answer = editor2.post(f"{url2}/@tipologia-import", json={"xml": xml.decode()},
                          headers={"Accept": "application/json"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["review_state"] == "private" and answer.json()["code"] == "BANDO"
    transaction.begin()
    imported = folder2[answer.json()["id"]]
    with site(site2):
        assert storage.ranking_of(imported).rules == bando.RULES

        # 3. there it adapts the workflow (an office state) and a conditional step
        workflow = definition_xml(imported).replace(
            '  <transition ', SOPRALLUOGO + '  <transition ', 1)
        workflow = workflow.replace("</workflow>", TO_SOPRALLUOGO + "</workflow>")
        with api.env.adopt_user(username="redattore"):
            assert apply_definition(imported, workflow) == 2
            form = imported.form_model.replace("  </schema>", CONDITIONAL_STEP + "  </schema>")
            assert save_form_model(imported, form)
            # 4. and publishes it
            with api.env.adopt_roles(["Manager"]):
                api.content.transition(obj=imported, transition="publish")
        assert imported.published_type == "istanza_bando"
        mario = make_citizen("Mario", "Rossi")
        transaction.commit()

    # the shared definition now carries the adapted workflow and the condition
    again = editor2.get(f"{imported.absolute_url()}/@tipologia-xml",
                        headers={"Accept": "application/json"})  # as every REST service
    assert again.status_code == 200
    assert b'istanze:show-when="invalidita"' in again.content
    assert b'<state id="sopralluogo"' in again.content

    # 5. a citizen of the second Comune applies: the conditional step applies to them
    citizen = http_session(mario.getId())
    data = {"componenti": 3, "figli_minori": 1, "isee": 8000.0, "invalidita": True,
            "residente": True, "importo_richiesto": 1800.0, "percentuale_invalidita": 75}
    answer = citizen.post(f"{imported.absolute_url()}/@istanze",
                          json={"applicant_kind": "self", "data": data, "submit": True},
                          headers={"Accept": "application/json"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["review_state"] == "submitted"
    transaction.begin()
    app = imported[answer.json()["id"]]
    assert app.percentuale_invalidita == 75 and app.isee == 8000.0
    assert app.workflow_version == 2 and app.definition_version >= 1
    with site(site2):
        wf = api.portal.get_tool("portal_workflow")[workflow_id_of(app)]
        assert "sopralluogo" in wf.states.objectIds()

    # a second citizen without disabilities never sees (nor stores) that step
    with site(site2):
        giulia = make_citizen("Giulia", "Bianchi", female=True)
        transaction.commit()
    tampered = dict(data, invalidita=False, percentuale_invalidita=99)
    answer = http_session(giulia.getId()).post(
        f"{imported.absolute_url()}/@istanze",
        json={"applicant_kind": "self", "data": tampered, "submit": True},
        headers={"Accept": "application/json"})
    assert answer.status_code == 201, answer.text
    transaction.begin()
    assert getattr(imported[answer.json()["id"]], "percentuale_invalidita", None) is None

    # the first Comune still has its own call, untouched
    assert export_type(call) == xml
    assert requests.get(f"{functional_portal.absolute_url()}/tipologia-1.xsd").status_code == 200
