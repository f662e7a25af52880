"""The demo's signed attachment: a type requiring a signed technician's report,
one application whose files verify against the demo CA the demo trusts."""

from comune.istanze.demo.content import create_citizens
from comune.istanze.demo.content import create_staff
from comune.istanze.demo.signatures import create_demo_signatures
from comune.istanze.demo.signatures import DECLARATION
from comune.istanze.demo.signatures import MARIO
from comune.istanze.demo.signatures import REPORT
from comune.istanze.demo.signatures import TECHNICIAN
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.forms.steps_summary import attachment_rows
from comune.istanze.signatures.trust import trust_roots
from plone import api


def test_demo_application_has_verified_signed_attachments(portal):
    with api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=portal, type="Folder", id="servizi-online",
                                    title="Servizi online")
        create_staff(portal)
        create_citizens(portal)
    type_obj = create_demo_signatures(portal, folder)
    (app,) = type_obj.objectValues()
    assert api.content.get_state(app) == "submitted" and app.applicant_id == MARIO
    files = {a.spec: a for a in attachments_of(app)}
    report, declaration = files[REPORT], files[DECLARATION]
    assert report.signature["valid"] and report.signature["kind"] == "cades"
    assert report.signature["signers"][0]["fiscal_code"] == TECHNICIAN[2]
    assert declaration.signature["valid"] and declaration.signature["kind"] == "pades"
    assert declaration.signature["signers"][0]["fiscal_code"] == MARIO
    assert [r.subject.native["common_name"] for r in trust_roots()] == [
        "CA di prova del Comune di Esempio"]
    lines = [r["signature"] for r in attachment_rows(app)]
    assert any(line.startswith(f"Firma valida (CADES) — Paolo Romano ({TECHNICIAN[2]})")
               for line in lines), lines
    assert create_demo_signatures(portal, folder).UID() == type_obj.UID()  # a second run adds nothing
    assert len(type_obj.objectIds()) == 1 and len(trust_roots()) == 1
