"""Base of the staff POST services: ``{"action": name, ...}`` dispatched by name.

Each subclass maps action names to methods taking the JSON body; the refusal
classes it lists answer with their Italian message and status, through
:func:`comune.istanze.restapi.errors.refuse` (transaction aborted). A POST of
a service account goes through its ``Idempotency-Key``
(:mod:`comune.istanze.service_accounts.idempotency`): a repeated request gets
the first answer again and acts once.
"""

from comune.istanze import _
from comune.istanze.backoffice.actions import ActionError
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import refuse
from comune.istanze.service_accounts import idempotency
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


class ActionService(Service):
    actions = {}  # action name -> method name
    refusals = (ActionError,)

    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)  # as plone.restapi's own services
        body = read_body(self.request)
        action = body.get("action")
        method = self.actions.get(action) if isinstance(action, str) else None
        try:
            answer = idempotency.replay(self.request, body)
            if answer is not None:
                return answer
            if method is None:
                raise ActionError(_("Azione non valida."))
            getattr(self, method)(body)
        except self.refusals as exc:
            return refuse(self, exc)
        return idempotency.remember(self.request, body, self.result())

    def result(self):
        raise NotImplementedError
