"""The demo's signed attachments: a type that requires a digitally signed
technician's report, and one application whose report is verified.

A throw-away CA is made when the demo site is created
(:mod:`comune.istanze.demo.signing_ca`): its certificate becomes the demo
trust list (``comune.istanze.signatures.trust_list_pem``), its key is
forgotten once the demo files are signed. The technician (Paolo Romano, a
fake codice fiscale) signs the report as a CAdES ``.p7m``; Mario Rossi
signs his declaration as a PAdES PDF.
"""

from comune.istanze.demo import forms
from comune.istanze.demo import signing_ca
from comune.istanze.demo.bando import _type
from comune.istanze.documents.attachments import add_attachment
from comune.istanze.fakes import fiscal_code
from comune.istanze.identity.session import spid_session
from comune.istanze.signatures.trust import PREFIX
from comune.istanze.workflow import submission
from plone import api


TYPE_ID = "agibilita"
REPORT = "Relazione tecnica firmata"
DECLARATION = "Dichiarazione del richiedente firmata"
MARIO = fiscal_code("Mario", "Rossi", 1980, 1, 1)
TECHNICIAN = ("Paolo", "Romano", fiscal_code("Paolo", "Romano", 1970, 4, 18))

AGIBILITA = forms._model("""
    <fieldset name="immobile" label="Immobile">
      <field name="indirizzo" type="zope.schema.TextLine">
        <title>Indirizzo dell'immobile</title>
      </field>
      <field name="titolo_edilizio" type="zope.schema.TextLine">
        <title>Titolo edilizio (permesso di costruire o SCIA)</title>
      </field>
    </fieldset>
""")

SLOTS = [
    {"name": REPORT, "required": True, "mime_types": "pdf, p7m", "max_size_mb": 10,
     "signature_required": True, "signer_applicant": False},
    {"name": DECLARATION, "required": False, "mime_types": "pdf, p7m", "max_size_mb": 10,
     "signature_required": True, "signer_applicant": True},
]


def _trust(ca):
    record = f"{PREFIX}.trust_list_pem"
    current = api.portal.get_registry_record(record, default="") or ""
    api.portal.set_registry_record(record, (current.rstrip() + "\n" + ca.pem).lstrip())


def create_demo_signatures(portal, folder):
    """The type and one submitted application of Mario Rossi (kept when present)."""
    with api.env.adopt_roles(["Manager"]):
        type_obj = _type(folder, id=TYPE_ID, code="AGIB", classification="6.3",
                         title="Segnalazione certificata di agibilità",
                         office="Sportello unico per l'edilizia", form_model=AGIBILITA,
                         applicant_kinds=["self"], attachments=SLOTS, processing_days=30)
    if type_obj.objectIds():
        return type_obj
    ca = signing_ca.make_ca("CA di prova del Comune di Esempio")
    with api.env.adopt_roles(["Manager"]):
        _trust(ca)
    technician = signing_ca.make_signer(ca, *TECHNICIAN)
    applicant = signing_ca.make_signer(ca, "Mario", "Rossi", MARIO)
    report = signing_ca.simple_pdf("Il sottoscritto tecnico assevera la conformità dell'opera "
                                   "al progetto e la sussistenza delle condizioni di sicurezza, "
                                   "igiene e salubrità (art. 24 DPR 380/2001).")
    declaration = signing_ca.simple_pdf("Il sottoscritto Mario Rossi dichiara la fine dei lavori "
                                        "in via Garibaldi 12.")
    with api.env.adopt_user(username=MARIO), spid_session(MARIO):
        app = submission.create_draft(type_obj)
        app.indirizzo, app.titolo_edilizio = "Via Garibaldi 12", "Permesso di costruire n. 45/2025"
        add_attachment(app, REPORT, signing_ca.sign_cades(report, technician),
                       "relazione-tecnica.pdf.p7m", MARIO)
        add_attachment(app, DECLARATION, signing_ca.sign_pades(declaration, applicant),
                       "dichiarazione.pdf", MARIO)
        submission.submit(app)
    return type_obj
