"""plone.restapi's ``@workflow`` on an application, with the product's rules.

``POST <application>/@workflow/<transition>``: the transition itself runs
its rule like from anywhere else (:mod:`comune.istanze.workflow.rules`; a
rule's refusal escapes as ApplicationError and ``browser/refusal.py``
answers it). What plone.restapi answers itself with 400 (a transition not
available in the state or to the user) would still commit what the service
wrote before trying (the effective date, a reindex): here the transaction is
aborted and the answer is the product's JSON refusal in Italian. plone.restapi
also answers 200 with the old history entry when the application is already
in the transition's target state: a transition that did not happen is
always refused here. The body is read like every JSON body of the product
(:func:`~comune.istanze.restapi.errors.read_body`).

``GET <application>/@workflow`` (and ``?expand=workflow``): the
transitions the product fires itself (the applicant's: submit, integration,
withdrawal) are not offered; they happen only through the product's pages.
"""

from comune.istanze import _
from comune.istanze.interfaces import IApplication
from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import REFUSALS
from comune.istanze.restapi.errors import refuse
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.rules import offered_generically
from plone.restapi.interfaces import IExpandableElement
from plone.restapi.services import Service
from plone.restapi.services.workflow.info import WorkflowInfo
from plone.restapi.services.workflow.transition import WorkflowTransition
from zope.component import adapter
from zope.interface import implementer


class ApplicationTransition(WorkflowTransition):
    def reply(self):
        try:
            read_body(self.request)
        except REFUSALS as exc:
            return refuse(self, exc)
        result = super().reply()
        if self.request.response.getStatus() >= 400:
            return refuse(self, ApplicationError(
                _("Operazione non disponibile nello stato attuale."), field="transition"))
        return result

    def is_same_state(self, obj):
        """Never: a transition that was refused did not happen."""
        return False


@implementer(IExpandableElement)
@adapter(IApplication, IComuneIstanzeLayer)
class ApplicationWorkflowInfo(WorkflowInfo):
    def __call__(self, expand=False):
        result = super().__call__(expand=expand)
        info = result["workflow"]
        if "transitions" in info:
            info["transitions"] = [
                item for item in info["transitions"]
                if offered_generically(self.context, item["@id"].rsplit("/", 1)[-1])
            ]
        return result


class ApplicationWorkflowInfoService(Service):
    def reply(self):
        return ApplicationWorkflowInfo(self.context, self.request)(expand=True)["workflow"]
