"""Reconciliation: pagoPA's receipts and reporting flows onto the payments.

Job kind ``pagopa.reconcile``, enqueued once an hour by :class:`Schedule`
(idempotency key ``pagopa.reconcile:<YYYY-MM-DDTHH>``; a new one only when the
previous one is no longer open, so two never run at once). In steps:

1. ``receipts``: the GPD receipts list from the saved date cursor, page by
   page; each receipt not seen yet is read and applied (paid, with the
   receipt kept for the citizen) and remembered in the ledger, committed one
   by one: a worker that dies resumes after the last receipt applied;
2. ``flows``: the FdR flows published after the saved cursor; each flow's
   payments are applied (reported), one flow per commit.

The cursors move at the end of a complete step. Mismatches are flagged for
staff (``storage.flag_mismatch``): amount differs, paid twice, paid after
invalidation; rows for IUVs no payment owns go to the ledger's unmatched
list. Failures of pagoPA are the outbox's (retries, control panel, daily
digest).
"""

from collections import defaultdict
from comune.istanze.integrations.pagopa import storage
from comune.istanze.integrations.pagopa.config import current_client
from comune.istanze.integrations.pagopa.ledger import add_unmatched
from comune.istanze.integrations.pagopa.ledger import ledger_of
from comune.istanze.integrations.pagopa.ledger import owner_of
from comune.istanze.integrations.pagopa.ledger import was_invalidated
from comune.istanze.integrations.pagopa.positions import configured
from comune.istanze.integrations.pagopa.rt import ROME
from comune.istanze.outbox import queue
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.interfaces import IScheduledJobs
from comune.istanze.outbox.worker import find_target
from datetime import datetime
from zope.interface import implementer


KIND = "pagopa.reconcile"
PAGE = 100
AMOUNT, UNKNOWN = "amount", "unknown_iuv"
TWICE, AFTER_INVALID = "paid_twice", "paid_after_invalidation"
MISMATCH_TITLES = {
    AMOUNT: "Importo diverso da quello dovuto",
    UNKNOWN: "Pagamento per uno IUV sconosciuto",
    TWICE: "Pagato due volte",
    AFTER_INVALID: "Pagato dopo l'annullamento",
}
SETTLED = ("EXECUTED", "STAND_IN", "STAND_IN_NO_RPT")


def local(when):
    """Naive Italian time (what the ZODB stores: a ZoneInfo does not pickle)."""
    return when.astimezone(ROME).replace(tzinfo=None) if when and when.tzinfo else when


def _euro(cents):
    return f"{cents / 100:.2f}".replace(".", ",") + " €"


def _payment(portal, iuv):
    """(application, payment) owning ``iuv``, or (None, None)."""
    owner = owner_of(portal, iuv)
    app = find_target(portal, owner[0]) if owner else None
    payment = storage.get_payment(app, owner[1]) if app is not None else None
    return (app, payment) if payment is not None else (None, None)


def flag(app, payment, kind, detail):
    """Flag a mismatch and let the application's listings know."""
    if storage.flag_mismatch(payment, kind, detail, datetime.now()):
        storage.payments_changed(app)


def unmatched(portal, iuv, detail, when, amount):
    """An item no payment owns: «paid after invalidation» when its
    application was deleted and the position invalidated, else unknown."""
    kind = AFTER_INVALID if was_invalidated(portal, iuv) else UNKNOWN
    add_unmatched(portal, kind, iuv, detail, when, amount)
    return kind


def receipt_record(receipt):
    """What is kept of a receipt (shown to the citizen and to staff)."""
    return {"receipt_id": receipt.receipt_id, "amount": receipt.amount,
            "psp": receipt.psp_name, "method": receipt.payment_method, "fee": receipt.fee,
            "paid_at": local(receipt.payment_date_time), "notice_number": receipt.notice_number,
            "xml": (receipt.xml or b"").decode("utf-8", "replace")}


def apply_receipt(portal, receipt):
    if receipt.outcome and receipt.outcome != "OK":
        return "ko"
    app, payment = _payment(portal, receipt.iuv)
    if payment is None:
        return unmatched(portal, receipt.iuv, f"Ricevuta {receipt.receipt_id}",
                         local(receipt.payment_date_time), receipt.amount)
    if payment.state == storage.INVALID:
        flag(app, payment, AFTER_INVALID,
             f"Ricevuta {receipt.receipt_id} di {_euro(receipt.amount)}")
        return AFTER_INVALID
    if payment.state in (storage.PAID, storage.REPORTED):
        known = (payment.receipt or {}).get("receipt_id")
        if known not in (None, receipt.receipt_id):
            flag(app, payment, TWICE, f"Ricevuta {receipt.receipt_id} di {_euro(receipt.amount)}")
            return TWICE
        if known is None:  # marked paid without its receipt (checkout return, flow)
            payment.receipt = receipt_record(receipt)
            storage.payments_changed(app)
        return "known"
    if receipt.amount != payment.amount:
        flag(app, payment, AMOUNT, f"Pagati {_euro(receipt.amount)} invece di "
                                   f"{_euro(payment.amount)} (ricevuta {receipt.receipt_id})")
    storage.mark_paid(app, payment, local(receipt.payment_date_time), receipt_record(receipt))
    return storage.PAID


def apply_flow_rows(portal, flow, iuv, rows):
    """The rows of one IUV in one flow (one per transfer): reported."""
    amount = sum(r.amount for r in rows)
    app, payment = _payment(portal, iuv)
    if payment is None:
        return unmatched(portal, iuv, f"Flusso di rendicontazione {flow.fdr}",
                         local(flow.published), amount)
    if payment.state == storage.INVALID:
        flag(app, payment, AFTER_INVALID, f"Rendicontato nel flusso {flow.fdr}")
        return AFTER_INVALID
    if payment.state == storage.REPORTED:
        if payment.flow_id != flow.fdr:
            flag(app, payment, TWICE, f"Rendicontato nei flussi {payment.flow_id} e {flow.fdr}")
            return TWICE
        return "known"
    if amount != payment.amount:
        flag(app, payment, AMOUNT, f"Rendicontati {_euro(amount)} invece di "
                                   f"{_euro(payment.amount)} (flusso {flow.fdr})")
    if payment.state != storage.PAID:  # the flow came before the receipt
        storage.mark_paid(app, payment, local(rows[0].pay_date), payment.receipt)
    storage.mark_reported(app, payment, flow.fdr, local(flow.published) or datetime.now())
    return storage.REPORTED


def _receipt_key(summary):
    when = summary.payment_date_time.isoformat() if summary.payment_date_time else ""
    return f"{summary.iuv}|{when}"


def read_receipts(client, portal, ctx):
    ledger = ledger_of(portal)
    newest, applied, page = ledger.receipts_from, 0, 0
    while True:
        found = client.list_receipts(page=page, page_size=PAGE, date_from=ledger.receipts_from)
        for summary in found.receipts:
            if summary.payment_date_time is not None:
                day = local(summary.payment_date_time).date()
                newest = max(newest, day) if newest else day
            key = _receipt_key(summary)
            if key in ledger.receipts_seen:
                continue
            receipt = client.get_receipt(summary.iuv)
            if receipt is not None:
                apply_receipt(portal, receipt)
            ledger.receipts_seen.add(key)
            applied += 1
            ctx.save("receipts_read", applied)  # commits: resumable receipt by receipt
        page += 1
        if page >= found.total_pages or not found.receipts:
            break
    ledger.receipts_from = newest  # the day itself is read again: seen keys skip it
    return applied


def _flow_key(flow):
    return f"{flow.fdr}|{flow.revision}|{flow.psp_id}"


def _flow_rows(client, flow):
    rows, page = defaultdict(list), 1
    while True:
        found = client.reported_payments(flow.fdr, flow.revision, flow.psp_id, page=page)
        for row in found.payments:
            if row.pay_status in SETTLED:
                rows[row.iuv].append(row)
        page += 1
        if page > found.total_pages or not found.payments:
            return rows


def read_flows(client, portal, ctx):
    ledger = ledger_of(portal)
    newest, applied, page = ledger.flows_after, 0, 1
    while True:
        found = client.list_reporting_flows(page=page, published_after=ledger.flows_after)
        for flow in found.flows:
            if flow.published is not None:
                published = local(flow.published)
                newest = max(newest, published) if newest else published
            if _flow_key(flow) in ledger.flows_seen:
                continue
            for iuv, rows in sorted(_flow_rows(client, flow).items()):
                apply_flow_rows(portal, flow, iuv, rows)
            ledger.flows_seen.add(_flow_key(flow))
            applied += 1
            ctx.save("flows_read", applied)  # commits: resumable flow by flow
        page += 1
        if page > found.total_pages or not found.flows:
            break
    ledger.flows_after = newest
    return applied


@implementer(IJobHandler)
class Reconciliation:
    title = "Riconciliazione pagoPA (ricevute e flussi di rendicontazione)"

    def run(self, job, target, ctx):
        client, _settings = configured()
        if not ctx.done("receipts"):
            ctx.save("receipts", read_receipts(client, ctx.portal, ctx))
        if not ctx.done("flows"):
            ctx.save("flows", read_flows(client, ctx.portal, ctx))


def schedule_hourly(portal, kind, holder, now):
    """Enqueue ``kind`` once in the hour of ``now``, unless the job last
    enqueued (``holder.scheduled_key``) is still open: two never run at once."""
    key = f"{kind}:{now:%Y-%m-%dT%H}"
    if holder.scheduled_key == key:
        return None
    previous = queue.job_for_key(portal, holder.scheduled_key or "")
    if previous is not None and previous.state in (queue.PENDING, queue.IN_PROGRESS):
        return None
    holder.scheduled_key = key
    return queue.enqueue(portal, kind, "", key)


@implementer(IScheduledJobs)
class Schedule:
    """Once an hour, when pagoPA is configured and no reconciliation is open."""

    def schedule(self, portal, now):
        if current_client() is None:
            return None
        return schedule_hourly(portal, KIND, ledger_of(portal), now)
