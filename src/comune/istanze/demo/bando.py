"""Demo bando with ranking rules, sample applications and a published ranking.

Also two chained types: "Ricorso" (requires an application in the published
ranking) and "Invio ricevute" (requires an accepted application).
"""

from comune.istanze.demo import forms
from comune.istanze.demo.content import create_citizen
from comune.istanze.fakes import random_person
from comune.istanze.identity.session import spid_session
from comune.istanze.ranking import storage
from comune.istanze.workflow import submission
from datetime import datetime
from datetime import timedelta
from plone import api

import contextlib
import random


BANDO_XML = forms._model("""
    <fieldset name="nucleo" label="Nucleo familiare e reddito">
""" + forms.NUCLEO_FIELDS + """      <field name="residente" type="zope.schema.Bool">
        <title>Residente nel Comune da almeno un anno</title>
        <required>False</required>
      </field>
      <field name="importo_richiesto" type="zope.schema.Float">
        <title>Contributo richiesto (euro)</title>
        <min>0</min>
      </field>
    </fieldset>
""")

RULES = {
    "rules": [
        {"kind": "ranges", "field": "isee", "label": "Fascia ISEE",
         "ranges": [{"min": 0, "max": 6000, "points": 10},
                    {"min": 6000, "max": 12000, "points": 6},
                    {"min": 12000, "max": 20000, "points": 3}]},
        {"kind": "per_unit", "field": "figli_minori", "points": 2, "max_points": 6,
         "label": "Figli sotto i 3 anni"},
        {"kind": "bonus", "field": "invalidita", "points": 4, "label": "Invalidità nel nucleo"},
        {"kind": "exclude", "field": "residente", "op": "false",
         "reason": "Requisito di residenza non posseduto"},
        {"kind": "exclude", "field": "isee", "op": "ge", "value": 20000,
         "reason": "ISEE pari o superiore a 20.000 euro"},
    ],
    "tie_breakers": [{"field": "isee", "order": "asc"}, {"field": "submitted", "order": "asc"}],
}
SAMPLE_APPLICATIONS = 24


def _type(folder, **values):
    if values["id"] in folder:
        return folder[values["id"]]
    now = datetime.now().replace(second=0, microsecond=0)
    defaults = dict(opening=now - timedelta(days=20), closing=now + timedelta(days=200),
                    min_loa="SpidL2", retention_years=10, survey_enabled=True,
                    office="Ufficio Politiche abitative", office_email="casa@comune-esempio.example",
                    privacy_notice=forms.PRIVACY, applicant_kinds=["self"], attachments=[],
                    processing_days=60)
    defaults.update(values)
    obj = api.content.create(container=folder, type="ApplicationType", **defaults)
    api.content.transition(obj=obj, transition="publish")
    for user_id, role in (("istruttore", "Istruttore"), ("responsabile", "Responsabile")):
        if api.user.get(userid=user_id) is not None:
            api.user.grant_roles(username=user_id, obj=obj, roles=[role])
    return obj


def _citizen(person):
    cf = person["fiscal_code"]
    return create_citizen(cf, person["first_name"], person["last_name"],
                          f"{cf.lower()}@cittadini.example")


def create_demo_bando(portal, folder):
    bando = _type(folder, id="bando-affitti-2026", title="Bando contributi affitto 2026",
                  code="BANDO", classification="7.1", form_model=BANDO_XML,
                  budget=20000.0, grant_amount_field="importo_richiesto", allow_partial=True)
    _type(folder, id="ricorso-bando-affitti", title="Ricorso sulla graduatoria del bando affitti",
          code="RICORSO", classification="7.1", form_model=forms.ACCESSO_ATTI,
          chain_type_code="BANDO", chain_states=["in_ranking"], processing_days=30)
    _type(folder, id="invio-ricevute-affitto", title="Invio delle ricevute di pagamento dell'affitto",
          code="RICEVUTE", classification="7.1", form_model=forms.ACCESSO_ATTI,
          chain_type_code="BANDO", chain_states=["accepted"], processing_days=30)
    if storage.ranking_of(bando) is not None:
        return bando
    rng = random.Random(2026)
    for _i in range(SAMPLE_APPLICATIONS):
        user_id = _citizen(random_person(rng))
        with api.env.adopt_user(username=user_id), spid_session(user_id):
            app = submission.create_draft(bando)
            app.isee = round(rng.uniform(1000, 24000), 2)
            app.componenti = rng.randint(1, 6)
            app.figli_minori = rng.randint(0, 2)
            app.invalidita = rng.random() < 0.15
            app.residente = rng.random() < 0.9
            app.importo_richiesto = float(rng.choice((1200, 1800, 2400, 3000)))
            submission.submit(app)
    # the demo's Responsabile does it (when there is one): the log names a person
    staff = "responsabile" if api.user.get(username="responsabile") else None
    with _as_user(staff), api.env.adopt_roles(["Manager"]):
        storage.save_rules(bando, RULES)
        storage.compute(bando)
        storage.publish_provisional(bando)
    return bando


def _as_user(username):
    return api.env.adopt_user(username=username) if username else contextlib.nullcontext()
