"""Bulk decisions from the final ranking."""

from comune.istanze.ranking import bulk
from comune.istanze.ranking import storage
from comune.istanze.ranking.rules import RuleError
from datetime import datetime
from datetime import timedelta
from plone import api
from tests.fixtures import login
from tests.fixtures import make_staff
from tests.ranking.test_ranking_flow import RULES

import pytest


def _final(office):
    casa = office["casa"]
    make_staff("responsabile", casa, "Responsabile")
    login(api.portal.get(), "responsabile")
    storage.save_rules(casa, RULES)
    storage.compute(casa)
    storage.publish_provisional(casa)
    storage.open_appeals(casa, datetime.now() + timedelta(days=1))
    storage.ranking_of(casa).appeals_until = datetime.now() - timedelta(seconds=1)
    storage.make_final(casa)
    return casa


def test_budget_with_partial_last(portal, office, mailhost):
    casa = _final(office)
    casa.budget, casa.grant_amount, casa.allow_partial = 2500.0, 1000.0, True
    apps = office["apps"]
    job = bulk.start(casa, "budget")
    # ranking: apps[3] (13), apps[0] (13), apps[1] (8); apps[2] excluded
    assert job.plan == (
        (apps[3].number, "accept", 1000.0, ""), (apps[0].number, "accept", 1000.0, ""),
        (apps[1].number, "accept", 500.0, "importo parziale"),
        (apps[2].number, "reject", None, "ISEE oltre 3.000 euro"),
    )
    commits = []
    bulk.run(casa, commit=lambda: commits.append(job.position), chunk=3)
    assert commits == [3, 4, 4]
    assert [api.content.get_state(a) for a in apps[:4]] == ["accepted", "accepted", "rejected", "accepted"]
    assert apps[1].granted_amount == 500.0
    assert "ISEE oltre 3.000 euro" in apps[2].workflow_history["istanza_workflow"][-1]["comments"]
    assert job.done == 4 and not job.failures
    # Resuming a finished or interrupted run never decides twice.
    job.position, job.finished = 0, None
    bulk.run(casa)
    assert job.done == 4 and job.skipped == 4


def test_first_n_and_bad_input(portal, office, mailhost):
    casa = _final(office)
    with pytest.raises(RuleError):
        bulk.start(casa, "first_n", 0)
    job = bulk.start(casa, "first_n", 1)
    assert [p[1] for p in job.plan] == ["accept", "reject"]
    with pytest.raises(RuleError):
        bulk.start(casa, "first_n", 1)  # one is already running


def test_requires_final_ranking(portal, office):
    casa = office["casa"]
    login(portal, "istruttore")
    storage.save_rules(casa, RULES)
    storage.compute(casa)
    with pytest.raises(RuleError):
        bulk.make_plan(casa, "first_n", 1)


def test_bulk_decisions_are_decisions(portal, office, mailhost):
    """Each bulk decision goes through the accept/reject rule: document,
    personal-area message, email and outgoing protocol jobs, audit entry, as
    a single decision. A refused one is rolled back whole (its review start
    and granted amount too) and listed among the failures."""
    from Acquisition import aq_base
    from comune.istanze.backoffice import audit
    from comune.istanze.documents.store import documents_of
    from comune.istanze.integrations.protocol.registration import OUTGOING
    from comune.istanze.messages.store import messages_of
    from comune.istanze.outbox.queue import all_jobs
    from comune.istanze.workflow.rules import ITransitionRule
    from zope.component import getSiteManager

    casa = _final(office)
    casa.grant_amount = 1000.0
    apps = office["apps"]
    job = bulk.start(casa, "first_n", 2)  # apps[3] and apps[0] accepted, apps[2] rejected
    refused = apps[0]
    sm = getSiteManager(context=portal)
    sm.registerUtility(RefuseOne(refused.number), ITransitionRule, name="accept")
    try:
        bulk.run(casa)
    finally:
        sm.unregisterUtility(provided=ITransitionRule, name="accept")
    assert dict(job.failures) == {refused.number: "Istanza sospesa dal Comune."}
    assert api.content.get_state(refused) == "submitted"
    assert getattr(aq_base(refused), "granted_amount", None) is None
    assert not [d for d in documents_of(refused) if d.kind == "decision"]
    jobs = all_jobs(portal)
    for app, outcome in ((apps[3], "accept"), (apps[2], "reject")):
        assert api.content.get_state(app) == {"accept": "accepted", "reject": "rejected"}[outcome]
        (doc,) = [d for d in documents_of(app) if d.kind == "decision"]
        (msg,) = [m for m in messages_of(app) if m.kind == "decision"]
        assert msg.documents == (doc.id,)
        assert msg.body == app.workflow_history["istanza_workflow"][-1]["comments"]
        mine = [j for j in jobs if j.target == app.UID()]
        assert [j.data["document"] for j in mine if j.kind == OUTGOING] == [doc.id]
        assert [j.data["to"] for j in mine if j.kind == "email"] == [app.applicant_email]
        assert audit.entries(casa, app.UID())[-1]["action"] == outcome


class RefuseOne:
    """A Comune's ``accept`` rule that refuses one application."""

    def __init__(self, number):
        from comune.istanze.backoffice.transitions import DecisionRule

        self.number, self.product = number, DecisionRule()

    def prepare(self, app, ctx):
        from comune.istanze.workflow.errors import ApplicationError

        if app.number == self.number:
            raise ApplicationError("Istanza sospesa dal Comune.")
        self.product.prepare(app, ctx)

    def complete(self, app, ctx):
        self.product.complete(app, ctx)
