"""``PATCH <draft-url>``: plone.restapi's own update, with the draft's form version.

plone.restapi's default deserialiser validates with the type's *current*
schema and answers in English. For applications this adapter validates the
answers with the form version the draft was created with (the one submission
checks against) and answers in Italian: a 400 whose ``error.message`` lists every bad
field (plone.restapi's PATCH turns a ``DeserializationError`` into
``{"error": {"type": "DeserializationError", "message": ...}}``). Metadata
fields (number, applicant, ...) are read-only and ignored, as plone.restapi
does with read-only fields.
"""

from comune.istanze.content.application import IApplicationMetadata
from comune.istanze.fees.pay_and_submit import check_editable
from comune.istanze.interfaces import IApplication
from comune.istanze.interfaces import IComuneIstanzeLayer
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import text
from comune.istanze.restapi.payload import store_answers
from comune.istanze.workflow.errors import NotAllowed
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.exceptions import DeserializationError
from plone.restapi.interfaces import IDeserializeFromJson
from zope.component import adapter
from zope.event import notify
from zope.interface import implementer
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectModifiedEvent
from zope.schema import getFieldNames


IGNORED = frozenset(getFieldNames(IApplicationMetadata))


class AnswersRefused(DeserializationError):
    """Shown as is (plone.restapi's base class shows the repr)."""

    def __str__(self):
        return self.msg


@implementer(IDeserializeFromJson)
@adapter(IApplication, IComuneIstanzeLayer)
class ApplicationDeserializer:
    def __init__(self, context, request):
        self.context = context
        self.request = request

    def __call__(self, validate_all=False, data=None, create=False, mask_validation_errors=True):
        if create or not self.context.form_version:  # product code creates drafts
            return DeserializeFromJson(self.context, self.request)(
                validate_all=validate_all, data=data, create=create,
                mask_validation_errors=mask_validation_errors,
            )
        if data is None:
            data = read_body(self.request)
        answers = {k: v for k, v in data.items() if k not in IGNORED and not k.startswith("@")}
        try:
            check_editable(self.context)  # «Paga e invia» froze the answers
        except NotAllowed as exc:
            raise AnswersRefused(text(exc.message, self.request)) from exc
        try:
            names = store_answers(self.context, answers, self.request)
        except PayloadError as exc:
            problems = exc.errors or [(exc.field, exc.message)]
            raise AnswersRefused(
                " ".join(text(message, self.request) for _field, message in problems)
            ) from exc
        if names:
            notify(ObjectModifiedEvent(self.context, Attributes(IApplication, *names)))
        return self.context
