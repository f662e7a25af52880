"""``POST <type-url>/@istanze``: one-shot submission, drafts and bad input."""

from comune.istanze.fakes import fiscal_code
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import make_type
from tests.restapi.conftest import ANSWERS
from tests.restapi.conftest import applications
from tests.restapi.conftest import attachment
from tests.restapi.conftest import b64
from tests.restapi.conftest import body
from tests.restapi.conftest import PDF
from tests.restapi.conftest import PNG

import pytest
import re
import transaction


def test_one_shot_submission(rest_type, mario):
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body())
    assert resp.status_code == 201, resp.text
    data = resp.json()
    year = datetime.now().year
    assert data["number"] == f"{year}-CONTAFF-000001"
    assert data["review_state"] == "submitted"
    assert data["form_version"] == 1
    assert resp.headers["Location"] == data["@id"]
    transaction.begin()
    app = rest_type[data["id"]]
    assert (app.componenti, app.isee, app.indirizzo) == (3, 9000.5, "Via Roma 1")
    assert app.applicant_id == mario.user_id
    assert app.auth_method == "spid" and app.loa == "SpidL2"
    second = mario.post(f"{rest_type.getId()}/@istanze", json=body())
    assert second.json()["number"] == f"{year}-CONTAFF-000002"


def test_draft_without_submit(rest_type, mario):
    resp = mario.post(f"{rest_type.getId()}/@istanze",
                      json=body(submit=False, data={"componenti": 2}, attachments=[]))
    assert resp.status_code == 201, resp.text
    data = resp.json()
    assert data["review_state"] == "draft" and data["number"] is None
    transaction.begin()
    app = rest_type[data["id"]]
    assert app.componenti == 2 and app.indirizzo is None


def test_anonymous_cannot_apply(rest_type, anon_request):
    resp = anon_request.post(f"{rest_type.getId()}/@istanze", json=body())
    assert resp.status_code == 401
    assert applications(rest_type) == []


def _refused(resp, status, field=None):
    assert resp.status_code == status, resp.text
    error = resp.json()["error"]
    assert error["message"] and "${" not in error["message"]
    if field is not None:
        assert error["field"] == field
    return error


def test_missing_required_answers(rest_type, mario):
    data = {"componenti": 3}
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body(data=data))
    error = _refused(resp, 400)
    assert error["message"].startswith("Campo obbligatorio")
    missing = {e["field"] for e in error["errors"]}
    assert {"isee", "indirizzo"} <= missing
    assert applications(rest_type) == []


def test_invalid_values_are_listed_in_italian(rest_type, mario):
    data = {"componenti": 0, "isee": "molto", "indirizzo": "Via Roma 1", "colore": "blu"}
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body(data=data))
    error = _refused(resp, 400)
    messages = {e["field"]: e["message"] for e in error["errors"]}
    assert messages["componenti"] == "«Componenti del nucleo» deve essere almeno 1."
    assert messages["isee"] == "Valore non valido per «Valore ISEE»."
    assert messages["colore"] == "Il modulo non prevede il campo «colore»."
    assert applications(rest_type) == []


@pytest.mark.parametrize(
    "changes, field, fragment",
    [
        ({"data": dict(ANSWERS, cf_proprietario="RSSMRA80A01Z999X")},
         "cf_proprietario", "codice fiscale non è valido"),
        ({"applicant_kind": "family", "beneficiary": {"fiscal_code": "ABC", "name": "Anna Rossi"}},
         "beneficiary.fiscal_code", "codice fiscale del familiare"),
        ({"applicant_kind": "association", "represented": {"name": "ASD Esempio", "tax_id": "X"}},
         None, "non ammette istanze presentate in questa veste"),  # kind checked first
        ({"applicant_kind": "professional",
          "represented": {"name": "Studio Bianchi", "tax_id": fiscal_code("Sara", "Bianchi", female=True)}},
         None, "non ammette istanze presentate in questa veste"),
        ({"attachments": []}, "attachment", "Allegato obbligatorio mancante: Contratto di locazione"),
    ],
    ids=["codice-fiscale-answer", "beneficiary-codice-fiscale", "association-not-admitted",
         "kind-not-admitted", "missing-attachment"],
)
def test_refused_body_stores_nothing(rest_type, mario, changes, field, fragment):
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body(**changes))
    error = _refused(resp, 403 if field is None else 400, field=field)
    assert fragment in error["message"]
    assert applications(rest_type) == []


def test_family_member_recorded(rest_type, mario, other_cf):
    resp = mario.post(
        f"{rest_type.getId()}/@istanze",
        json=body(applicant_kind="family", beneficiary={"fiscal_code": other_cf.lower(), "name": "Paolo Verdi"}),
    )
    assert resp.status_code == 201, resp.text
    transaction.begin()
    app = rest_type[resp.json()["id"]]
    assert (app.applicant_kind, app.beneficiary_id, app.beneficiary_name) == ("family", other_cf, "Paolo Verdi")


@pytest.mark.parametrize(
    "upload, fragment",
    [
        (attachment(PNG, filename="contratto.pdf"), "non è di un tipo ammesso"),
        (attachment(PDF + b"0" * (1024 * 1024)), "supera la dimensione massima di 1 MB"),
        (attachment(name="Carta d'identità"), "Allegato non previsto"),
        (dict(attachment(), data="non è base64!"), "base64"),
    ],
    ids=["wrong-type", "oversize", "undeclared", "bad-base64"],
)
def test_rejected_attachment_stores_nothing(rest_type, mario, upload, fragment):
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body(attachments=[upload]))
    error = _refused(resp, 400, field="attachments")
    assert fragment in error["message"]
    assert applications(rest_type) == []


def test_outside_the_window(functional_portal, mario):
    past = datetime.now() - timedelta(days=10)
    closed = make_type(functional_portal, code="CHIUSO", title="Bando chiuso",
                       opening=past - timedelta(days=5), closing=past)
    transaction.commit()
    resp = mario.post(f"{closed.getId()}/@istanze", json=body())
    error = _refused(resp, 403)
    assert re.search(r"aperta dal \d\d/\d\d/\d{4}", error["message"])
    assert error["type"] == "WindowClosed"
    assert applications(closed) == []


def test_level_of_assurance_too_low(rest_type, citizen_session):
    weak = citizen_session("Luca", "Verdi", loa="SpidL1")
    resp = weak.post(f"{rest_type.getId()}/@istanze", json=body())
    error = _refused(resp, 401)
    assert "SpidL2" in error["message"]
    assert applications(rest_type) == []


def test_malformed_body(rest_type, mario):
    resp = mario.post(f"{rest_type.getId()}/@istanze", data="[1, 2]",
                      headers={"Content-Type": "application/json"})
    _refused(resp, 400)
    assert applications(rest_type) == []


def test_number_not_consumed_by_refusals(rest_type, mario):
    mario.post(f"{rest_type.getId()}/@istanze", json=body(attachments=[]))
    resp = mario.post(f"{rest_type.getId()}/@istanze", json=body())
    assert resp.json()["number"].endswith("-000001")
    transaction.begin()
    catalog = api.portal.get_tool("portal_catalog")
    assert len(catalog.unrestrictedSearchResults(portal_type=rest_type.published_type)) == 1


def test_plain_content_add_is_refused(rest_type, mario):
    """plone.restapi's own POST would skip every rule: citizens cannot use it."""
    resp = mario.post(rest_type.getId(), json=dict(ANSWERS, **{"@type": rest_type.published_type}))
    assert resp.status_code in (401, 403)
    assert applications(rest_type) == []


FILE_FORM = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="documento" type="plone.namedfile.field.NamedBlobFile">
      <title>Documento</title>
    </field>
  </schema>
</model>
"""


def test_file_fields_of_the_form_are_sniffed(functional_portal, mario):
    type_obj = make_type(functional_portal, code="FILE", title="Con file", xml=FILE_FORM, attachments=[])
    transaction.commit()

    def send(data, filename):
        value = {"data": b64(data), "encoding": "base64", "filename": filename,
                 "content-type": "application/pdf"}
        return mario.post(f"{type_obj.getId()}/@istanze",
                          json=body(data={"documento": value}, attachments=[]))

    refused = send(b"solo testo, non un PDF", "finto.pdf")
    error = _refused(refused, 400, field="documento")
    assert "non è di un tipo ammesso" in error["message"]
    assert applications(type_obj) == []
    # The name must agree with the content (security suite: no disguised files).
    disguised = _refused(send(PNG, "foto.pdf"), 400, field="documento")
    assert "non corrisponde al suo contenuto (image/png)" in disguised["message"]
    assert applications(type_obj) == []
    resp = send(PNG, "foto.png")
    assert resp.status_code == 201, resp.text
    transaction.begin()
    stored = type_obj[resp.json()["id"]].documento
    assert (stored.filename, stored.contentType, stored.data) == ("foto.png", "image/png", PNG)
