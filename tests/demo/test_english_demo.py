"""The demo's rent subsidy speaks English to visitors who choose it."""

from comune.istanze.content.fti import version_schema
from comune.istanze.demo.content import create_staff
from comune.istanze.demo.content import create_types
from comune.istanze.forms.english import field_texts
from comune.istanze.forms.english import spec_name
from comune.istanze.forms.english import type_texts
from comune.istanze.forms.rendering import fieldsets
from plone import api


def test_demo_rent_subsidy_has_english_texts(portal):
    with api.env.adopt_roles(["Manager"]):
        create_staff(portal)
        types = {t.getId(): t for t in create_types(portal)}
    rent = types["contributo-affitto"]
    assert type_texts(rent, "en")[0] == "Contribution towards the rent"
    assert type_texts(rent, "it")[0] == "Contributo per il pagamento del canone di locazione"
    assert [spec_name(s, "en") for s in rent.attachments] == [
        "Registered lease contract", "ISEE certificate"]
    schema, _model = version_schema(rent, rent.current_form_version)
    assert [label for _n, label, _f in fieldsets(schema, "en")] == ["Household", "Home", "Payment"]
    assert field_texts(schema, "isee", "en")[0] == "ISEE value (euro)"
    assert field_texts(schema, "isee", "it")[0] == "Valore ISEE (euro)"
