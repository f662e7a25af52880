"""When an application's retention ends.

The period (the type's ``retention_years``) runs from the day the
application reached a final state (accepted, rejected, withdrawn, closed):
an open file is never purged. The ``retention_until`` index holds that
date for every application in a final state that is not anonymised yet.
"""

from comune.istanze.workflow.custom import workflow_id_of
from Acquisition import aq_base
from datetime import datetime
from plone.indexer import indexer
from comune.istanze.interfaces import IApplication


FINAL_STATES = ("accepted", "rejected", "withdrawn", "closed")


def closed_on(app):
    """When ``app`` last entered a final state, or None while it is open."""
    history = getattr(aq_base(app), "workflow_history", {}).get(workflow_id_of(app), ())
    if not history or history[-1].get("review_state") not in FINAL_STATES:
        return None
    when = history[-1].get("time")
    return when.asdatetime().replace(tzinfo=None) if hasattr(when, "asdatetime") else when


def add_years(moment, years):
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def retention_until(app):
    if getattr(aq_base(app), "anonymised", None):
        return None
    closed = closed_on(app)
    if closed is None:
        return None
    years = getattr(app.application_type(), "retention_years", None) or 10
    return add_years(closed, years)


@indexer(IApplication)
def retention_until_indexer(app):
    until = retention_until(app)
    if until is None:
        raise AttributeError("retention_until")  # not indexed: never due
    return until


def is_due(app, now=None):
    until = retention_until(app)
    return until is not None and until <= (now or datetime.now())
