"""Statistics counters maintained incrementally, without write conflicts.

Conflict strategy
-----------------
One :class:`BTrees.Length.Length` per ``(year, type code, metric)`` held in
an ``OOBTree`` (:class:`StatisticsStore`, an attribute of the portal).

- The hot paths (a submission, a rating) only *read* the BTree and call
  ``Length.change(delta)``: each Length is its own ZODB record and its
  ``_p_resolveConflict`` adds the concurrent deltas, so two submissions that
  bump the same counter at the same time both commit, no retry.
- Keys are *pre-created* when an editor publishes or modifies an application
  type: every metric of every year of the type's submission window
  (opening..closing) gets its Length, in the editor's transaction. Since
  nobody can submit outside the window, the hot path finds its counters.
- Only if a counter is missing anyway (a type published before this
  feature was installed, data imported from elsewhere) the hot path creates the keys
  of its (year, type) and of the year's total row. Two transactions doing
  that at the same moment insert the same keys: an ordinary ConflictError
  that ZPublisher retries, and the retry finds the keys (test_conflicts.py).
  This happens at most once per (year, type) and never for a published
  window.
- Type titles are written only by the editor's action, never on a hot path.

Every change is also added to the year's total row (type code ``""``,
:data:`ALL`), so the yearly history reads ``years × metrics`` records.

The statistics page reads one year's range of the BTree: about
``types × metrics`` small records, the same with 100 or 1,000,000
applications. :func:`rebuild` recomputes every counter from catalog metadata.
"""

from Acquisition import aq_base
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from plone import api
from datetime import datetime
from zope.container.interfaces import IContainerModifiedEvent


STORE_ATTR = "_comune_istanze_statistics"
AUTH_METHODS = ("spid", "cie", "cns")
OTHER = "other"
CHANNELS = ("online", "sportello")  # where it was submitted (frontdesk/)
METRICS = ("submitted",) + AUTH_METHODS + (OTHER, "ratings", "rating_sum",
                                          "payments", "payments_cents") + CHANNELS
ALL = ""  # pseudo type code of the yearly totals


class StatisticsStore(Persistent):
    demo_years = frozenset()  # years whose figures the demo generated (not the Comune's)

    def __init__(self):
        self.counters = OOBTree()  # (year, code, metric) -> Length
        self.titles = OOBTree()  # code -> title of the application type

    def ensure(self, year, code):
        for metric in METRICS:
            for key in ((year, code, metric), (year, ALL, metric)):
                if key not in self.counters:
                    self.counters[key] = Length()

    def change(self, year, code, metric, delta):
        for key in ((year, code, metric), (year, ALL, metric)):
            counter = self.counters.get(key)
            if counter is None:
                self.ensure(year, code)
                counter = self.counters[key]
            counter.change(delta)

    def totals(self, year):
        """``{metric: value}`` of the whole year (the ``ALL`` row)."""
        return {m: self.total(year, m) for m in METRICS}

    def total(self, year, metric):
        """One counter of the whole year (0 if it was never created)."""
        counter = self.counters.get((year, ALL, metric))
        return 0 if counter is None else counter()

    def register_type(self, code, title, years):
        if self.titles.get(code) != title:
            self.titles[code] = title
        for year in years:
            self.ensure(year, code)

    def values(self, year):
        """``{code: {metric: value}}`` for ``year`` (one BTree range read)."""
        result, current, row = {}, None, None
        for (_year, code, metric), counter in self.counters.items((year, ALL + "\0"), (year + 1,), excludemax=True):
            if code != current:  # keys come ordered: a type's metrics one after the other
                current = code
                row = result[code] = dict.fromkeys(METRICS, 0)
            row[metric] = counter()
        return result

    def years(self):
        years = set()
        key = self.counters.minKey() if len(self.counters) else None
        while key is not None:  # jump from year to year: O(years)
            years.add(key[0])
            try:
                key = self.counters.minKey((key[0] + 1,))
            except ValueError:
                key = None
        return sorted(years)


def get_store(portal=None, create=False):
    portal = portal if portal is not None else api.portal.get()
    store = getattr(aq_base(portal), STORE_ATTR, None)
    if store is None and create:
        store = StatisticsStore()
        setattr(portal, STORE_ATTR, store)
    return store


def channel_metric(app_or_brain):
    from comune.istanze.frontdesk import channel_of

    return channel_of(app_or_brain)


def method_metric(auth_method):
    return auth_method if auth_method in AUTH_METHODS else OTHER


def _key(app):
    return app.submitted.year, app.application_type().code


# --- subscribers -----------------------------------------------------------

def submission_changes(auth_method, channel, rating=None):
    """``[(metric, delta)]``: the counters one submitted application moves
    (with its rating, if rated). The subscribers, :func:`rebuild` and bulk
    loads (``change(..., delta * n)`` for ``n`` alike applications) all
    count through it."""
    changes = [("submitted", 1), (method_metric(auth_method), 1), (channel, 1)]
    if rating is not None:
        changes += [("ratings", 1), ("rating_sum", rating)]
    return changes


def on_submitted(app, event):
    year, code = _key(app)
    store = get_store(create=True)
    for metric, delta in submission_changes(app.auth_method, channel_metric(app)):
        store.change(year, code, metric, delta)


def on_rated(app, event):
    if app.submitted is None:
        return
    year, code = _key(app)
    store = get_store(create=True)
    if event.old_score is None:
        store.change(year, code, "ratings", 1)
        store.change(year, code, "rating_sum", event.new_score)
    else:
        store.change(year, code, "rating_sum", event.new_score - event.old_score)


def on_paid(app, event):
    """A payment made online (pagoPA): counted in the year it was paid, on
    its application's type (the same conflict-free Length counters)."""
    from comune.istanze.integrations.pagopa.summary import paid_amount

    when = event.payment.paid_at or datetime.now()
    store = get_store(create=True)
    code = app.application_type().code
    store.change(when.year, code, "payments", 1)
    store.change(when.year, code, "payments_cents", paid_amount(event.payment))


def on_removed(app, event):
    if getattr(aq_base(app), "submitted", None) is None:
        return
    store = get_store()
    if store is None:
        return
    year, code = app.submitted.year, app.application_type().code
    rating = getattr(aq_base(app), "rating", None)
    for metric, delta in submission_changes(app.auth_method, channel_metric(app), rating):
        store.change(year, code, metric, -delta)


def on_type_changed(type_obj, event):
    """Editor's action: pre-create the counters of the submission window."""
    if IContainerModifiedEvent.providedBy(event):
        return  # an application added: not an editor's change
    if api.content.get_state(type_obj, default=None) != "published" or not type_obj.code:
        return
    if type_obj.opening is None or type_obj.closing is None:
        return
    years = range(type_obj.opening.year, type_obj.closing.year + 1)
    get_store(create=True).register_type(type_obj.code, type_obj.title, years)


# --- rebuild -----------------------------------------------------------------

def compute_from_catalog(portal=None):
    """``{(year, code, metric): value}`` from catalog metadata only."""
    from comune.istanze.interfaces import IApplication

    catalog = api.portal.get_tool("portal_catalog")
    totals = {}
    for brain in catalog.unrestrictedSearchResults(object_provides=IApplication.__identifier__):
        _add_payments(totals, brain)
        submitted = brain.application_submitted
        if submitted is None or not brain.application_type:
            continue
        year = submitted.year() if callable(submitted.year) else submitted.year  # DateTime or datetime
        code = brain.application_type
        changes = submission_changes(brain.auth_method, channel_metric(brain), brain.application_rating)
        for metric, delta in changes:
            for key in ((year, code, metric), (year, ALL, metric)):
                totals[key] = totals.get(key, 0) + delta
    return totals


def _add_payments(totals, brain):
    summary = getattr(brain, "payments_summary", None) or {}
    for year, (count, cents) in summary.get("paid_by_year", {}).items():
        for metric, delta in (("payments", count), ("payments_cents", cents)):
            for key in ((year, brain.application_type, metric), (year, ALL, metric)):
                totals[key] = totals.get(key, 0) + delta


def rebuild(portal=None):
    """Recompute every counter from the catalog; returns the number of applications."""
    store = get_store(portal, create=True)
    totals = compute_from_catalog(portal)
    store.demo_years = frozenset()  # from now on the figures are the catalog's, not generated
    for key, counter in store.counters.items():
        value = totals.pop(key, 0)
        if counter() != value:
            counter.set(value)
    for (year, code, metric), value in totals.items():
        store.ensure(year, code)
        store.counters[(year, code, metric)].set(value)
    return sum(c() for (y, code, m), c in store.counters.items() if m == "submitted" and code == ALL)
