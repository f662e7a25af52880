"""Fees are part of the type's versioned definition."""

from comune.istanze.fees.charging import fee_amount
from comune.istanze.fees.fields import fee_of
from comune.istanze.workflow import submission
from plone import api
from tests.fees.conftest import answer
from tests.fees.conftest import fee_type
from tests.fixtures import login
from tests.fixtures import make_citizen

import transaction


def test_an_application_keeps_the_fee_of_its_version(portal):
    portal = portal
    type_obj = fee_type(portal)
    assert type_obj.current_form_version == 1
    citizen = make_citizen()
    login(portal, citizen.getId())
    first = submission.create_draft(type_obj)
    answer(first)
    assert fee_amount(first) == 1600 + 5000 + 3000

    with api.env.adopt_roles(["Manager"]):  # the office raises the fixed part
        type_obj.fee_amount = "25"
        from zope.lifecycleevent import modified
        modified(type_obj)
    assert type_obj.current_form_version == 2  # same form, new fee: a new version
    login(portal, citizen.getId())
    second = submission.create_draft(type_obj)
    answer(second)
    assert fee_amount(second) == 2500 + 5000 + 3000
    assert fee_amount(first) == 1600 + 5000 + 3000  # its own version's rules
    assert fee_of(first)["amount"] == "16" and fee_of(second)["amount"] == "25"

    with api.env.adopt_roles(["Manager"]):  # saving again without changes: no version
        modified(type_obj)
    assert type_obj.current_form_version == 2


def test_a_type_without_fee_freezes_none(portal):
    from tests.fixtures import make_type

    type_obj = make_type(portal)
    citizen = make_citizen()
    login(portal, citizen.getId())
    app = submission.create_draft(type_obj)
    assert fee_of(app) is None and fee_amount(app) == 0
    transaction.abort()
