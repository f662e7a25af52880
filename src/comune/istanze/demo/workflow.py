"""Demo of a type's own workflow: «Richiesta di accesso agli atti» adds the
office state «In attesa dei controinteressati» (the office notifies the
counter-interested parties and waits for their opinion before deciding), with
the citizen's own titles, and one of Mario Rossi's applications waits in it,
so the type's staff page shows the flow with its counts
(``servizi-online/accesso-atti/@@flusso``). An application filed before the
change (the representation demo's) keeps the product's default workflow."""

from comune.istanze.demo.content import CITIZENS
from comune.istanze.fakes import fiscal_code
from comune.istanze.identity.session import spid_session
from comune.istanze.workflow import submission
from comune.istanze.workflow.custom import apply_definition
from comune.istanze.workflow.custom import definition_of
from comune.istanze.workflow.definition import default_xml
from plone import api


STATE = "controinteressati"


def opinion_definition():
    """The default workflow plus «In attesa dei controinteressati»."""
    xml = default_xml().replace(
        '<state id="in_review" title="In istruttoria"/>',
        '<state id="in_review" title="In istruttoria" citizen-title="In lavorazione"/>\n'
        f'  <state id="{STATE}" title="In attesa dei controinteressati" '
        'citizen-title="In attesa del parere di altri interessati"/>')
    return xml.replace(
        '<transition id="accept" kind="accept" title="Accogli" from="in_review" to="accepted"/>',
        '<transition id="notifica_controinteressati" kind="office" '
        f'title="Notifica ai controinteressati" from="in_review" to="{STATE}"/>\n'
        '  <transition id="pareri_ricevuti" kind="office" title="Pareri ricevuti" '
        f'from="{STATE}" to="in_review"/>\n'
        '  <transition id="accept" kind="accept" title="Accogli" '
        f'from="in_review {STATE}" to="accepted"/>').replace(
        'from="submitted in_review" to="rejected"',
        f'from="submitted in_review {STATE}" to="rejected"')


def create_demo_workflow(portal, type_id="accesso-atti"):
    """Apply the definition (kept if present) and put one application in the new state."""
    type_obj = portal["servizi-online"].get(type_id)
    if type_obj is None or definition_of(type_obj).state(STATE) is not None:
        return None
    with api.env.adopt_roles(["Manager"]):
        apply_definition(type_obj, opinion_definition())
    first, last, year, month, day, female = CITIZENS[0]
    user_id = fiscal_code(first, last, year, month, day, female)
    with api.env.adopt_user(username=user_id), spid_session(user_id):
        app = submission.create_draft(type_obj)
        app.documenti = ("Verbale della commissione edilizia del 12 marzo sul condominio di "
                         "Via Roma 5.")
        app.motivazione = "Tutela dei miei interessi di proprietario confinante."
        app.modalita = "Copia semplice"
        submission.submit(app)
    with api.env.adopt_user(username="istruttore"):
        api.content.transition(obj=app, transition="start_review")
        api.content.transition(obj=app, transition="notifica_controinteressati",
                               comment="Notificata all'amministratore del condominio.")
    return app
