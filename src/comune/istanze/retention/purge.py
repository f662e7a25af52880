"""Finding and anonymising the applications past their retention.

:func:`report` is the dry run for the office (catalog metadata only);
:func:`run` anonymises when the Comune turned it on, each application in
its own transaction (a worker that dies resumes: an anonymised
application is no longer due), each one in its type's audit log. The
transparency counters are not touched: the application stays, counted.
"""

from comune.istanze.backoffice import audit
from comune.istanze.interfaces import IApplication
from comune.istanze.retention.interfaces import IPersonalDataEraser
from comune.istanze.retention.interfaces import IRetentionSettings
from DateTime import DateTime
from datetime import datetime
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.component import subscribers

import transaction


PREFIX = "comune.istanze.retention"


def settings():
    return getUtility(IRegistry).forInterface(IRetentionSettings, prefix=PREFIX, check=False)


def due(now=None):
    """Brains of the applications whose retention ended before ``now``."""
    catalog = api.portal.get_tool("portal_catalog")
    until = DateTime(now or datetime.now())
    return catalog.unrestrictedSearchResults(
        object_provides=IApplication.__identifier__,
        retention_until={"query": until, "range": "max"},
        sort_on="retention_until")


def report(now=None):
    """The dry run: what :func:`run` would anonymise, from metadata."""
    return [{"number": b.application_number, "type": b.application_type,
             "state": b.review_state, "until": b.retention_until, "url": b.getURL()}
            for b in due(now)]


def anonymise(app, now=None):
    done = [eraser.erase() for eraser in subscribers((app,), IPersonalDataEraser)]
    app.anonymised = now or datetime.now()
    app.reindexObject()
    audit.record(app, "conservazione", "Dati personali anonimizzati alla scadenza della "
                 "conservazione: " + "; ".join(d for d in done if d))
    return done


def run(portal, now=None, limit=None):
    """Anonymise up to ``limit`` due applications; {"due", "anonymised"}."""
    config = settings()
    brains = list(due(now))
    result = {"due": len(brains), "anonymised": 0}
    if not config.apply:
        return result
    for brain in brains[: limit or config.batch]:
        app = brain._unrestrictedGetObject()
        anonymise(app, now)
        transaction.get().note(f"comune.istanze: retention {app.number}")
        transaction.commit()
        result["anonymised"] += 1
    return result
