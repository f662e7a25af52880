"""The demo's fees are valid against their forms and frozen with them."""

from comune.istanze.demo import content
from comune.istanze.demo import forms
from comune.istanze.fees.fields import definition_of
from comune.istanze.fees.fields import frozen_fee
from comune.istanze.fees.fields import rule_fields
from comune.istanze.fees.rules import amount_due
from comune.istanze.fees.rules import check_definition
from plone import api
from sandbox import SIMULATORS

import re


def test_demo_types_carry_valid_fees(portal):
    with api.env.adopt_roles(["Manager"]):
        content.create_staff(portal)
        types = {t.getId(): t for t in content.create_types(portal)}
    suolo, atti = types["occupazione-suolo"], types["accesso-atti"]
    check_definition(definition_of(suolo), rule_fields(forms.SUOLO_PUBBLICO))
    check_definition(definition_of(atti), rule_fields(forms.ACCESSO_ATTI))
    assert frozen_fee(suolo, suolo.current_form_version)["when"] == "submission"
    assert frozen_fee(atti, atti.current_form_version)["when"] == "acceptance"
    assert amount_due(definition_of(suolo), {"metri_quadri": 12.0, "motivo": "Dehors"}) == (
        1600 + 6000 + 4000)
    assert amount_due(definition_of(atti), {"modalita": "Visione"}) == 0
    assert frozen_fee(types["iscrizione-mensa"], 1) is None


def test_the_sandbox_sets_the_demo_creditor():
    [pagopa] = [s for s in SIMULATORS if s.name == "pagopa"]
    assert re.match(r"^\d{11}$", pagopa.registry["comune.istanze.pagopa.creditor_fiscal_code"])
    assert re.match(r"^\d{2}$", pagopa.registry["comune.istanze.pagopa.segregation_code"])
