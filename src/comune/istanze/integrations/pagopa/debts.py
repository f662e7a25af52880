"""Import of the Comune's published debt positions (TARI, fines, canteen...).

Job kind ``pagopa.debts``, enqueued once an hour by :class:`Schedule`
(idempotency key ``pagopa.debts:<YYYY-MM-DDTHH>``; never two open at once),
when pagoPA and a debtor resolver (:mod:`.debtors`) are configured. Steps,
each committed, so that a worker that dies or a GPD that fails (retried by
the outbox with its backoff) resumes where it stopped:

1. ``start``: the due-date window of the run (``days_back`` before today to
   ``days_ahead`` after), kept for the whole run; the ``seen`` set emptied;
2. ``list:VALID`` and ``list:PARTIALLY_PAID``: the GPD list
   (``GET /organizations/{cf}/debtpositions``) by status in the window,
   ordered by insertion, page by page (``progress:<status>`` saves the next
   page with the counts); for every payment option:

   - an IUV of the site's own applications (the ledger knows it) is skipped:
     those debts are in the personal area already, with their application;
   - unchanged since the last import (same ``lastUpdatedDate`` and status:
     the per-position watermark) -> nothing written, the resolver not asked;
   - otherwise the resolver names the debtor (none: not imported) and the
     debt is stored under their codice fiscale (:mod:`.owed`);
3. ``sweep``: each stored debt still pending that the lists did not show
   again (paid, invalidated, expired, deleted, or fallen out of the window)
   is read by its IUPD and takes its real status: paid or invalid ones leave
   "pending". The sweep is incremental too (``seen``), one commit per debt.

Re-running a run, or running it again on unchanged positions, writes no
debt: the import is idempotent.
"""

from comune.istanze.integrations.pagopa import owed
from comune.istanze.integrations.pagopa.config import current_client
from comune.istanze.integrations.pagopa.debtors import current_resolver
from comune.istanze.integrations.pagopa.debtors import debts_settings
from comune.istanze.integrations.pagopa.ledger import owner_of
from comune.istanze.integrations.pagopa.positions import configured
from comune.istanze.integrations.pagopa.reconciliation import local
from comune.istanze.integrations.pagopa.reconciliation import schedule_hourly
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.interfaces import IScheduledJobs
from datetime import date
from datetime import timedelta
from zope.interface import implementer


KIND = "pagopa.debts"
PAGE = 50  # the GPD list's maximum
SCANNED = ("VALID", "PARTIALLY_PAID")
OUTCOMES = ("new", "changed", "unchanged", "own", "unknown_debtor")


def record(position, option, debtor):
    """What is kept of one payment option (a plain dict, compared whole)."""
    return {"iuv": option.iuv, "iupd": position.iupd, "nav": option.nav or f"3{option.iuv}",
            "amount": option.amount, "description": option.description,
            "due_date": local(option.due_date), "status": position.status,
            "option_status": option.status or "", "last_updated": local(position.last_updated),
            "company_name": position.company_name or "", "office_name": position.office_name or "",
            "debtor_name": debtor.name, "paid_at": local(option.payment_date)}


def _unchanged(portal, position, option):
    store = owed.store_of(portal)
    debtor = store.debtor_of.get(option.iuv)
    held = owed.get_debt(portal, debtor, option.iuv) if debtor else None
    return (held is not None and position.last_updated is not None
            and held["last_updated"] == local(position.last_updated)
            and held["status"] == position.status)


def import_option(portal, resolver, position, option):
    """Store one payment option read from the list; returns its outcome."""
    if owner_of(portal, option.iuv) is not None:
        return "own"
    owed.store_of(portal).seen.add(option.iuv)
    if _unchanged(portal, position, option):
        return "unchanged"
    debtor = resolver.resolve(position, option)
    if debtor is None:
        return "unknown_debtor"
    fresh = record(position, option, debtor)
    held = owed.get_debt(portal, debtor.fiscal_code, option.iuv)
    if held == fresh:
        return "unchanged"
    owed.save(portal, debtor.fiscal_code, fresh)
    return "new" if held is None else "changed"


def scan(client, resolver, ctx, status, window):
    """Every page of the list of ``status``; resumes at the saved page."""
    progress = dict(ctx.job.results.get(f"progress:{status}") or
                    dict({k: 0 for k in OUTCOMES}, page=0))
    while True:
        found = client.list_positions(status=status, page=progress["page"], limit=PAGE,
                                      due_date_from=window[0], due_date_to=window[1])
        for position in found.positions:
            for option in position.payment_options:
                progress[import_option(ctx.portal, resolver, position, option)] += 1
        progress["page"] += 1
        ctx.save(f"progress:{status}", dict(progress))  # commits: resumable page by page
        if progress["page"] >= found.total_pages or not found.positions:
            return {k: progress[k] for k in OUTCOMES}


def refresh_debt(client, portal, fiscal_code, debt):
    """Read one stored debt's position in GPD and take its status."""
    position = client.get_position(debt["iupd"])
    if position is None:  # deleted: nothing to pay any more
        return owed.update_status(portal, fiscal_code, debt["iuv"], "INVALID")
    option = next((o for o in position.payment_options if o.iuv == debt["iuv"]), None)
    status = position.status
    if option is not None and option.status in owed.PAID_OPTION:
        status = "PAID" if status not in owed.PAID_STATES else status
    return owed.update_status(
        portal, fiscal_code, debt["iuv"], status, option.status if option else "",
        paid_at=local(option.payment_date or position.payment_date) if option else None,
        last_updated=local(position.last_updated))


def sweep(client, ctx):
    store = owed.store_of(ctx.portal)
    changed = 0
    for iuv, fiscal_code in list(store.pending.items()):
        if iuv in store.seen:
            continue
        debt = owed.get_debt(ctx.portal, fiscal_code, iuv)
        if debt is not None and refresh_debt(client, ctx.portal, fiscal_code, debt):
            changed += 1
        store.seen.add(iuv)
        ctx.save("sweep_changed", changed)  # commits: resumable debt by debt
    return changed


def window_of(today, settings):
    return today - timedelta(days=settings.days_back), today + timedelta(days=settings.days_ahead)


@implementer(IJobHandler)
class DebtsImport:
    title = "Importazione delle posizioni debitorie del Comune (pagoPA)"

    def run(self, job, target, ctx):
        client, _settings = configured()
        resolver = current_resolver()
        if resolver is None:
            raise PermanentError("Nessun metodo configurato per riconoscere il debitore delle "
                                 "posizioni debitorie: importazione non eseguita.")
        if not ctx.done("start"):
            owed.store_of(ctx.portal).seen.clear()
            start, end = window_of(date.today(), debts_settings())
            ctx.save("start", {"from": start.isoformat(), "to": end.isoformat()})
        window = tuple(date.fromisoformat(ctx.job.results["start"][k]) for k in ("from", "to"))
        for status in SCANNED:
            if not ctx.done(f"list:{status}"):
                ctx.save(f"list:{status}", scan(client, resolver, ctx, status, window))
        if not ctx.done("sweep"):
            ctx.save("sweep", sweep(client, ctx))


@implementer(IScheduledJobs)
class Schedule:
    """Once an hour, when pagoPA and a resolver are configured and no import is open."""

    def schedule(self, portal, now):
        if current_client() is None or current_resolver() is None:
            return None
        return schedule_hourly(portal, KIND, owed.store_of(portal), now)
