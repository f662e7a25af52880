"""Demo of who acts for whom: an «accesso agli atti» filed by the legal
representative of a fake company (a made-up name and a partita IVA with a
correct check digit, belonging to nobody)."""

from comune.istanze.demo.content import CITIZENS
from comune.istanze.fakes import fiscal_code
from comune.istanze.identity.session import spid_session
from comune.istanze.representation.codes import with_check_digit
from comune.istanze.representation.model import attach
from comune.istanze.representation.model import read
from comune.istanze.workflow import submission
from plone import api


COMPANY = {"represented_name": "Ferramenta Esempio S.r.l.",
           "represented_tax_id": with_check_digit("0999999001"),
           "represented_seat": "Via dei Mestieri 12, Comune di Esempio"}


def create_demo_representation(portal, type_id="accesso-atti"):
    """One submitted application by Luca Verdi, legal representative of
    ``COMPANY``; the demo type «Richiesta di accesso agli atti» admits it."""
    type_obj = portal["servizi-online"].get(type_id)
    catalog = api.portal.get_tool("portal_catalog")
    code = COMPANY["represented_tax_id"]
    if type_obj is None or catalog.unrestrictedSearchResults(represented_code=code):
        return None
    first, last, year, month, day, female = CITIZENS[2]
    user_id = fiscal_code(first, last, year, month, day, female)
    with api.env.adopt_user(username=user_id), spid_session(user_id):
        representation = read(type_obj, "association", COMPANY)
        app = submission.create_draft(type_obj, "association", represented={
            "name": representation["subject_name"], "tax_id": code})
        attach(app, representation)
        app.documenti = "Concessione edilizia n. 12/2019 del capannone di Via dei Mestieri 12."
        app.motivazione = "Ampliamento della sede dell'impresa: serve il titolo edilizio originario."
        app.modalita = "Copia semplice"
        submission.submit(app)
    return app
