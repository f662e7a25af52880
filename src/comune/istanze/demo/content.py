"""Sample application types, staff and citizens for the demo site."""

from comune.istanze.demo import forms
from comune.istanze.demo.fees import FEES
from comune.istanze.fakes import fiscal_code
from comune.istanze.identity.names import record_names
from datetime import datetime
from datetime import timedelta
from plone import api

import secrets


STAFF = (
    # user id, full name, role on every demo type
    ("istruttore", "Ilaria Istruttore", "Istruttore"),
    ("responsabile", "Roberto Responsabile", "Responsabile"),
)
STAFF_PASSWORD = "demo-Comune-2026"
EDITOR = ("redattore", "Elena Redattrice")

# The same people the sandbox SPID/CIE broker offers (sandbox/oidc_broker/identities.py):
# the demo's citizens log in there, choosing method and level.
CITIZENS = (
    ("Mario", "Rossi", 1980, 1, 1, False),
    ("Giulia", "Bianchi", 1985, 3, 12, True),
    ("Luca", "Verdi", 1972, 7, 23, False),
)

TYPES = (
    dict(id="contributo-affitto", title="Contributo per il pagamento del canone di locazione",
         code="CONTAFF", office="Ufficio Politiche abitative", classification="7.1",
         form="CONTRIBUTO_AFFITTO", processing_days=60,
         title_en="Contribution towards the rent", description_en=(
             "For households renting their home in the Comune, with an ISEE up to the "
             "threshold of the call."),
         attachments=[{"name": "Contratto di locazione registrato", "required": True,
                       "name_en": "Registered lease contract",
                       "mime_types": "pdf", "max_size_mb": 5},
                      {"name": "Attestazione ISEE", "required": True, "name_en": "ISEE certificate",
                       "mime_types": "pdf, jpg, png", "max_size_mb": 5}]),
    dict(id="iscrizione-mensa", title="Iscrizione al servizio di mensa scolastica",
         code="MENSA", office="Ufficio Scuola", classification="7.2", form="MENSA",
         processing_days=15, applicant_kinds=["self", "family"], attachments=[]),
    dict(id="accesso-atti", title="Richiesta di accesso agli atti",
         code="ACCATTI", office="Ufficio Relazioni con il Pubblico", classification="1.6",
         form="ACCESSO_ATTI", processing_days=30,
         applicant_kinds=["self", "association", "professional"],
         attachments=[{"name": "Documento di delega", "required": False,
                       "mime_types": "pdf", "max_size_mb": 5}]),
    dict(id="occupazione-suolo", title="Occupazione temporanea di suolo pubblico",
         code="OSP", office="Ufficio Tributi", classification="4.3", form="SUOLO_PUBBLICO",
         processing_days=20, applicant_kinds=["self", "association", "professional"],
         attachments=[{"name": "Planimetria dell'area", "required": True,
                       "mime_types": "pdf, jpg, png", "max_size_mb": 10}]),
)


def _ensure_user(user_id, password, properties, email):
    user = api.user.get(userid=user_id)
    if user is None:
        user = api.user.create(username=user_id, email=email, password=password,
                               properties=properties)
    return user


def create_staff(portal):
    for user_id, fullname, _role in STAFF:
        _ensure_user(user_id, STAFF_PASSWORD, {"fullname": fullname},
                     f"{user_id}@comune-esempio.example")
    editor_id, editor_name = EDITOR
    _ensure_user(editor_id, STAFF_PASSWORD, {"fullname": editor_name},
                 f"{editor_id}@comune-esempio.example")
    api.user.grant_roles(username=editor_id, roles=["Editor", "Contributor"])


def create_citizen(cf, first, last, email):
    """A citizen as a SPID/CIE login leaves them: a member whose user id is
    the codice fiscale, with the names in the identity store and no usable
    password (they log in through the sandbox broker)."""
    if api.user.get(userid=cf) is None:
        api.user.create(username=cf, email=email, password=secrets.token_urlsafe(32),
                        properties={"fullname": f"{first} {last}"})
    record_names(cf, first, last)
    return cf


def create_citizens(portal):
    """The demo's citizens, who log in with "Entra con SPID / CIE"."""
    ids = []
    for first, last, y, m, d, female in CITIZENS:
        cf = fiscal_code(first, last, y, m, d, female)
        ids.append(create_citizen(cf, first, last, f"{first.lower()}.{last.lower()}@cittadini.example"))
    return ids


def create_types(portal):
    folder = portal.get("servizi-online")
    if folder is None:
        folder = api.content.create(container=portal, type="Folder", id="servizi-online",
                                    title="Servizi online")
        api.content.transition(obj=folder, transition="publish")
    return [create_type(folder, spec) for spec in TYPES]


def create_type(folder, spec):
    """The published demo type of ``spec`` (kept when it exists), with the
    demo staff's roles."""
    if spec["id"] in folder:
        return folder[spec["id"]]
    now = datetime.now().replace(second=0, microsecond=0)
    values = {k: v for k, v in spec.items() if k not in ("form", "form_model", "id")}
    values.update(FEES.get(spec["id"], {}))
    values.setdefault("applicant_kinds", ["self"])
    form_model = spec.get("form_model") or getattr(forms, spec["form"])
    obj = api.content.create(
        container=folder, type="ApplicationType", id=spec["id"],
        opening=now - timedelta(days=30), closing=now + timedelta(days=365),
        min_loa="SpidL2", retention_years=10, survey_enabled=True,
        office_email="ufficio@comune-esempio.example",
        privacy_notice=forms.PRIVACY,
        form_model=form_model,
        **values,
    )
    api.content.transition(obj=obj, transition="publish")
    for user_id, _name, role in STAFF:
        api.user.grant_roles(username=user_id, obj=obj, roles=[role])
    api.user.grant_roles(username=EDITOR[0], obj=obj, roles=["Editor"])
    return obj


def create_demo(portal):
    """Everything of the demo profile; each part keeps what already exists."""
    from comune.istanze.demo.bando import create_demo_bando
    from comune.istanze.demo.channels import create_demo_channels
    from comune.istanze.demo.conditions import create_demo_conditions
    from comune.istanze.demo.service_accounts import create_demo_service_account
    from comune.istanze.demo.signatures import create_demo_signatures
    from comune.istanze.demo.representation import create_demo_representation
    from comune.istanze.demo.frontdesk import create_demo_frontdesk
    from comune.istanze.demo.legal_pages import create_legal_pages
    from comune.istanze.demo.anpr import create_demo_anpr
    from comune.istanze.demo.pec import create_demo_pec
    from comune.istanze.demo.library import create_demo_library
    from comune.istanze.demo.workflow import create_demo_workflow
    from comune.istanze.statistics.demo import create_demo_statistics

    with api.env.adopt_roles(["Manager"]):
        api.portal.set_registry_record("comune.istanze.comune_name", "Comune di Esempio")
        create_staff(portal)
        create_citizens(portal)
        create_types(portal)
    create_demo_anpr(portal["servizi-online"])  # before the channels are chosen for every type
    create_demo_bando(portal, portal["servizi-online"])
    create_demo_service_account(portal)
    create_demo_signatures(portal, portal["servizi-online"])
    create_demo_representation(portal)
    create_demo_frontdesk(portal)
    create_demo_workflow(portal)
    create_demo_statistics(portal)
    create_legal_pages(portal)
    create_demo_library(portal["servizi-online"])
    create_demo_conditions(portal)  # conditional form (conditions/)
    create_demo_channels(portal)
    create_demo_pec(portal)
