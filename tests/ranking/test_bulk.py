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
