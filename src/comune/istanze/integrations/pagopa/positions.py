"""One GPD debt position per payment, created and published by the outbox.

Job kind ``pagopa.position`` (idempotency key ``pagopa.position:<payment id>``,
so a payment never gets two jobs), in resumable steps, each saved (and
committed) before the next one starts and skipped once saved:

1. ``iuv``: the IUPD (``<creditor fiscal code>-<payment id>``, fixed for the
   payment) and a random IUV with its notice number;
2. ``create``: the position is created in the GPD. A 409 whose IUPD exists
   is an earlier call whose answer was lost: done. A 409 for an IUV used by
   another position (the client raises ``PagoPAConflict``): a new IUV is
   drawn, saved, and the creation tried again;
   The IUV pagoPA kept is entered in the site's ledger (IUV -> payment) for
   the reconciliation;
3. ``publish``: the position is published (already published counts as done).

pagoPA down, slow or losing answers: ``PagoPAUnavailable``, retried with the
outbox's backoff; refusals (``PagoPARejected``) fail the job with an Italian
message for staff. Never two positions for one payment: the IUPD is the key.
"""

from comune.istanze.integrations.pagopa import interfaces as i
from comune.istanze.integrations.pagopa.config import current_client
from comune.istanze.integrations.pagopa.config import pagopa_settings
from comune.istanze.integrations.pagopa.errors import PagoPAConflict
from comune.istanze.integrations.pagopa.iuv import new_iuv
from comune.istanze.integrations.pagopa.ledger import register_iuv
from comune.istanze.integrations.pagopa.iuv import notice_number
from comune.istanze.integrations.pagopa.notice import notice_pdf
from comune.istanze.integrations.pagopa.storage import INVALID
from comune.istanze.integrations.pagopa.storage import PUBLISHED
from comune.istanze.integrations.pagopa.storage import get_payment
from comune.istanze.integrations.pagopa.storage import payments_changed
from comune.istanze.outbox.errors import PermanentError
from comune.istanze.outbox.interfaces import IJobHandler
from comune.istanze.outbox.queue import enqueue
from datetime import datetime
from plone import api
from zope.interface import implementer

import re


KIND = "pagopa.position"
IUV_DRAWS = 3


def position_key(payment):
    return f"{KIND}:{payment.id}"


def request_position(app, payment):
    """Enqueue creation + publication of ``payment``'s position (local, cheap)."""
    return enqueue(api.portal.get(), KIND, app.UID(), position_key(payment),
                   {"payment": payment.id})


def company_name(settings):
    return (settings.company_name or "").strip() or api.portal.get_registry_record(
        "comune.istanze.comune_name", default="Comune")


def debtor(app):
    """(type, fiscal code, full name): the body represented, else the applicant."""
    if app.represented_tax_id:  # a professional's client may be a person (16 characters)
        kind = "F" if len(app.represented_tax_id) == 16 else "G"
        return kind, app.represented_tax_id.upper(), app.represented_name or app.represented_tax_id
    return "F", (app.applicant_id or "").upper(), app.applicant_name or app.applicant_id


def build_position(app, payment, settings, iupd, iuv):
    kind, fiscal_code, name = debtor(app)
    creditor = settings.creditor_fiscal_code
    transfers = [
        i.Transfer(id_transfer=str(n), amount=int(t["amount"]),
                   remittance_information=(t.get("remittance") or payment.description)[:140],
                   category=t["category"], iban=t.get("iban", ""),
                   postal_iban=t.get("postal_iban", ""),
                   organization_fiscal_code=t.get("fiscal_code") or creditor)
        for n, t in enumerate(payment.transfers, start=1)]
    due = payment.due_date
    if not isinstance(due, datetime):
        due = datetime(due.year, due.month, due.day, 23, 59, 59)
    option = i.PaymentOption(iuv=iuv, amount=payment.amount,
                             description=payment.description[:140], due_date=due,
                             nav=notice_number(iuv), transfers=transfers,
                             metadata={"istanza": app.number or app.getId()})
    return i.DebtPosition(iupd=iupd, fiscal_code=fiscal_code, full_name=name[:140],
                          company_name=company_name(settings)[:140], type=kind,
                          email=app.applicant_email or "", payment_options=[option])


def payment_notice(app, payment):
    """The notice (PDF/A bytes) of a payment that has its notice number."""
    if not payment.notice_number:
        raise ValueError("Il pagamento non ha ancora un numero avviso.")
    settings = pagopa_settings()
    position = build_position(app, payment, settings, payment.iupd, payment.iuv)
    return notice_pdf(position, settings.creditor_fiscal_code, settings.postal_account or "",
                      settings.postal_authorization or "")


def configured():
    """(client, settings), or PermanentError with the Italian reason."""
    name = (pagopa_settings().client or "").strip()
    client = current_client()
    if client is None:
        raise PermanentError(f"Client pagoPA sconosciuto: {name}" if name
                             else "pagoPA non è configurato per questo Comune.")
    settings = pagopa_settings()
    if not re.match(r"^\d{11}$", settings.creditor_fiscal_code or ""):
        raise PermanentError("Codice fiscale dell'ente creditore pagoPA mancante o non valido "
                             "(11 cifre).")
    if not re.match(r"^\d{2}$", settings.segregation_code or ""):
        raise PermanentError("Codice di segregazione pagoPA mancante o non valido (2 cifre).")
    return client, settings


@implementer(IJobHandler)
class PositionPublication:
    title = "Posizione debitoria pagoPA (creazione e pubblicazione)"

    def run(self, job, app, ctx):
        if app is None:
            raise PermanentError("L'istanza non esiste più.")
        payment = get_payment(app, job.data["payment"])
        if payment is None:
            raise PermanentError("Il pagamento non esiste più.")
        if payment.state == INVALID:  # invalidated before its position was made
            return
        client, settings = configured()
        if not ctx.done("iuv"):
            iupd = f"{settings.creditor_fiscal_code}-{payment.id}"
            self._save_iuv(ctx, payment, iupd, new_iuv(settings.segregation_code))
        if not ctx.done("create"):
            for _draw in range(IUV_DRAWS):
                position = build_position(app, payment, settings, payment.iupd, payment.iuv)
                try:
                    created = client.create_position(position)
                    break
                except PagoPAConflict:  # the IUV belongs to another position
                    self._save_iuv(ctx, payment, payment.iupd,
                                   new_iuv(settings.segregation_code))
            else:
                raise PermanentError("pagoPA rifiuta ogni IUV estratto per questo pagamento.")
            stored_iuv = created.payment_options[0].iuv if created.payment_options else None
            if stored_iuv and stored_iuv != payment.iuv:  # pagoPA's copy is the truth
                self._save_iuv(ctx, payment, payment.iupd, stored_iuv)
            register_iuv(ctx.portal, app, payment)  # only the IUV pagoPA kept
            ctx.save("create", {"status": created.status, "again": created.already_existed})
        if not ctx.done("publish"):
            published = client.publish_position(payment.iupd)
            payment.state = PUBLISHED
            payment.published = datetime.now()
            payments_changed(app)
            ctx.save("publish", {"status": published.status})

    @staticmethod
    def _save_iuv(ctx, payment, iupd, iuv):
        payment.iupd, payment.iuv, payment.notice_number = iupd, iuv, notice_number(iuv)
        ctx.save("iuv", {"iupd": iupd, "iuv": iuv, "notice_number": payment.notice_number})
