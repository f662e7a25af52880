"""«Paga e invia»: not submitted until paid, then submitted exactly once,
whoever learns of the payment first; the return page checks GPD itself."""

from comune.istanze.fees.pay_and_submit import pay_and_submit
from comune.istanze.integrations.pagopa.storage import mark_paid
from comune.istanze.integrations.pagopa.storage import payments_of
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import ApplicationError
from datetime import datetime
from plone import api
from plone.app.testing import logout
from tests.fees.conftest import answer
from tests.fees.conftest import fee_type
from tests.fees.conftest import run_outbox
from tests.fixtures import http_session
from tests.fixtures import login
from tests.fixtures import make_citizen

import pytest
import transaction


@pytest.fixture
def draft(pagopa_site):
    type_obj = fee_type(pagopa_site)
    citizen = make_citizen()
    login(pagopa_site, citizen.getId())
    app = submission.create_draft(type_obj)
    answer(app)
    transaction.commit()
    return app


def requested(portal, app):
    """«Paga e invia», then the outbox publishes the position."""
    login(portal, app.applicant_id)
    payment = pay_and_submit(app)
    assert run_outbox(portal) == ["done"]
    return payment


def test_plain_submit_is_refused_when_the_fee_is_due(draft):
    with pytest.raises(ApplicationError) as exc:
        submission.submit(draft)
    assert "Paga e invia" in exc.value.message
    assert api.content.get_state(draft) == "draft" and draft.number is None


def test_not_submitted_until_paid_then_once_through_the_return_page(pagopa_site, draft,
                                                                       sandbox, site_url):
    payment = requested(pagopa_site, draft)
    assert payment.amount == 1600 + 5000 + 3000 and payment.state == "published"
    assert pay_and_submit(draft) is payment  # asked again: the same payment
    transaction.commit()
    assert api.content.get_state(draft) == "draft" and draft.number is None
    url = f"{site_url}/{draft.aq_parent.getId()}/{draft.getId()}"
    web = http_session(draft.applicant_id)

    # A forged "ok" return while the position is unpaid: not paid, not submitted.
    forged = web.get(f"{url}/@@pagopa-esito?pagamento={payment.id}&esito=ok")
    assert forged.status_code == 200
    assert "In attesa di conferma" in forged.text and ">Pagato<" not in forged.text
    transaction.begin()
    assert api.content.get_state(draft) == "draft" and payment.state == "published"

    sandbox.pay(payment.iuv)  # the citizen paid at the PSP
    back = web.get(f"{url}/@@pagopa-esito?pagamento={payment.id}&esito=cancel")
    assert "Pagato" in back.text and "In attesa di conferma" not in back.text
    transaction.begin()
    assert api.content.get_state(draft) == "submitted" and payment.state == "paid"
    number = draft.number
    assert number and number in back.text

    again = web.get(f"{url}/@@pagopa-esito?pagamento={payment.id}&esito=ok")
    assert "Pagato" in again.text
    logout()
    assert mark_paid(draft, payment, datetime.now()) is False  # the worker learns it too
    transaction.commit()
    assert draft.number == number and api.content.get_state(draft) == "submitted"
    history = [h["action"] for h in api.portal.get_tool("portal_workflow").getHistoryOf(
        "istanza_workflow", draft)]
    assert history.count("submit") == 1


def test_submitted_once_when_the_worker_learns_first(pagopa_site, draft):
    payment = requested(pagopa_site, draft)
    logout()  # the reconciliation worker: no citizen session
    assert mark_paid(draft, payment, datetime.now(), {"receipt_id": "r1"}) is True
    assert mark_paid(draft, payment, datetime.now(), {"receipt_id": "r1"}) is False
    transaction.commit()
    assert api.content.get_state(draft) == "submitted" and draft.number
    assert draft.auth_method == "spid" and draft.loa == "SpidL2"  # from «Paga e invia»
    assert [p.state for p in payments_of(draft)] == ["paid"]


def test_answers_are_frozen_while_the_payment_is_pending(pagopa_site, draft):
    from comune.istanze.fees.pay_and_submit import check_editable
    from comune.istanze.workflow.errors import NotAllowed

    check_editable(draft)
    requested(pagopa_site, draft)
    with pytest.raises(NotAllowed):
        check_editable(draft)


def test_no_amount_due_submits_at_once(pagopa_site):
    rules = [{"kind": "option", "field": "zona", "option": "centro", "amount": "30"}]
    type_obj = fee_type(pagopa_site, fee_amount="0", fee_rules=rules, code="OSPZ")
    citizen = make_citizen(first="Anna", last="Bianchi")
    login(pagopa_site, citizen.getId())
    app = submission.create_draft(type_obj)
    answer(app, zona="periferia")  # no row matches: nothing due
    assert pay_and_submit(app) is None
    assert api.content.get_state(app) == "submitted" and payments_of(app) == []


def test_statistics_count_it_only_once_paid_even_after_the_deadline(pagopa_site, draft):
    from comune.istanze.statistics.counters import get_store
    from datetime import timedelta

    def submitted_count():
        store = get_store()
        year = datetime.now().year
        return (store.values(year).get("OSP", {}).get("submitted", 0)) if store else 0

    payment = requested(pagopa_site, draft)
    assert submitted_count() == 0  # waiting for the payment: not submitted anywhere
    type_obj = draft.aq_parent
    type_obj.closing = datetime.now() - timedelta(minutes=1)  # the window closed meanwhile
    logout()
    mark_paid(draft, payment, datetime.now())
    # asked in time, paid late at the PSP: the citizen is not refused for that delay
    assert api.content.get_state(draft) == "submitted"
    assert submitted_count() == 1
