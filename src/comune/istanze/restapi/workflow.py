"""``POST <application>/@workflow/<transition>``: plone.restapi's service,
with the product's refusals.

The transition itself runs its rule like from anywhere else
(:mod:`comune.istanze.workflow.rules`; a rule's refusal escapes as
ApplicationError and ``browser/refusal.py`` answers it). What plone.restapi
answers itself with 400 (a transition not available in the state or to the
user) would still commit what the service wrote before trying (the
effective date, a reindex): here the transaction is aborted and the answer
is the product's JSON refusal in Italian.
"""

from comune.istanze import _
from comune.istanze.restapi.errors import refuse
from comune.istanze.workflow.errors import ApplicationError
from plone.restapi.services.workflow.transition import WorkflowTransition


class ApplicationTransition(WorkflowTransition):
    def reply(self):
        result = super().reply()
        if self.request.response.getStatus() >= 400:
            return refuse(self, ApplicationError(
                _("Operazione non disponibile nello stato attuale."), field="transition"))
        return result
