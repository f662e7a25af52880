"""The office adds a payment to one application (e.g. fees found due in review).

Staff who work the application (``comune.istanze: Work applications``) give
amount, causale and the reason the citizen reads; the payment gets its GPD
position through the outbox like the type's fee, the citizen finds it on the
application page (with the reason) and a message in the personal area, and
the audit log records who asked for what.
"""

from comune.istanze import _
from comune.istanze.backoffice import audit
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.backoffice.actions import WORK
from comune.istanze.channels import dispatch
from comune.istanze.channels.core import delivered_by
from comune.istanze.fees.charging import add_adhoc_payment
from comune.istanze.fees.charging import euro
from comune.istanze.fees.rules import FeeRuleError
from comune.istanze.messages.store import add_message
from datetime import date
from plone import api


def request_payment(app, amount, description, reason, due_date=None):
    """Add the office's payment to ``app``; ActionError in Italian.

    The citizen gets a message in the personal area (a payment notice) sent
    on the type's channels for payment notices: by default an email through
    the outbox when the site has a sender and the applicant an address
    (``payment.emailed`` says whether it was really queued)."""
    if not api.user.has_permission(WORK, obj=app):
        raise ActionError(_("Non hai i permessi per questa operazione."), status=403)
    if api.content.get_state(app) in ("draft", "withdrawn"):
        raise ActionError(_("Si può chiedere un pagamento solo per un'istanza inviata."),
                          status=403)
    if isinstance(due_date, str) and due_date:
        try:
            due_date = date.fromisoformat(due_date[:10])
        except ValueError:
            raise ActionError(_("Data non valida: «${value}».", mapping={"value": due_date}))
    if due_date and due_date < date.today():
        raise ActionError(_("La scadenza del pagamento non può essere passata."))
    try:
        payment = add_adhoc_payment(app, amount, description, reason, due_date or None)
    except FeeRuleError as exc:
        raise ActionError(exc.message) from exc
    text = (f"È richiesto il pagamento di {euro(payment.amount)} ({payment.description}) "
            f"entro il {payment.due_date.strftime('%d/%m/%Y')}.\n\nMotivo: {payment.reason}\n\n"
            "Trovi «Paga con pagoPA» e l'avviso di pagamento nella pagina dell'istanza.")
    subject = f"Pagamento richiesto — istanza {app.number}"
    msg, _created = add_message(app, "communication", subject, text,
                                api.user.get_current().getId())
    msg.payment = payment.id  # a payment notice: its channels, App IO's payment_data
    dispatch(app, msg, key=f"payment-requested:{payment.id}")
    payment.emailed = delivered_by(msg, "email")
    if payment.emailed:
        msg.body += "\n\nTi abbiamo inviato anche un'email."
    audit.record(app, "payment", f"{euro(payment.amount)} {payment.description}: "
                                 f"{payment.reason}"[:200])
    return payment
