"""Withdrawing a submitted application: the applicant's page is the only way.

The ``withdraw`` rule refuses the transition from the generic surfaces
(``@workflow/withdraw``, the state menu, scripts) and records it in the
type's audit log when it comes from :func:`withdraw`.
"""

from comune.istanze import _
from comune.istanze.identity import current_identity
from comune.istanze.workflow.errors import NotAllowed
from comune.istanze.workflow.rules import AuditedRule
from comune.istanze.workflow.rules import exits_of_kind
from comune.istanze.workflow.rules import fire_kind
from comune.istanze.workflow.rules import require_product_action


MAX_COMMENT = 1000


def withdraw(app, comment=""):
    """Withdraw ``app`` for its applicant, while it is not yet under review."""
    identity = current_identity()
    if identity is None or identity.user_id != app.applicant_id:
        raise NotAllowed(_("Solo chi ha presentato l'istanza può ritirarla."))
    if not exits_of_kind(app, "withdraw"):
        raise NotAllowed(_("L'istanza non può più essere ritirata: l'istruttoria è già iniziata."))
    return fire_kind(app, "withdraw", comment=(comment or "").strip()[:MAX_COMMENT])


class WithdrawRule(AuditedRule):
    product_only = True

    def prepare(self, app, ctx):
        require_product_action(ctx, _("Ritira l'istanza dalla sua pagina nell'area personale."))
