"""Reading a citizen's JSON into an application: answers and attachments.

Answers are deserialised with the fields of the form version the draft was
created with (:func:`comune.istanze.content.fti.version_schema`), through
plone.restapi's own field deserialisers; each value is validated (editors'
validators included, they are field constraints) *before* anything is set,
so one bad value leaves the draft untouched.
"""

from Acquisition import aq_base
from comune.istanze import _
from comune.istanze.conditions.visibility import app_visibility
from comune.istanze.conditions.visibility import prune_hidden
from comune.istanze.content.fti import version_schema
from comune.istanze.documents.attachments import add_attachment
from comune.istanze.documents.attachments import spec_named
from comune.istanze.documents.sniffing import check_upload
from comune.istanze.documents.sniffing import UploadRejected
from comune.istanze.forms.steps_forms import FORM_FILE_MAX_MB
from comune.istanze.forms.steps_forms import FORM_FILE_TYPES
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.signatures.display import CONTENT
from comune.istanze.signatures.display import enveloping
from comune.istanze.signatures.display import outcome_text
from comune.istanze.uploads.limits import MB
from comune.istanze.uploads.streaming import check_base64_length
from comune.istanze.uploads.streaming import from_base64
from comune.istanze.uploads.streaming import StoredFile
from plone.namedfile.interfaces import INamedFile
from plone.restapi.interfaces import IFieldDeserializer
from zope.component import queryMultiAdapter
from zope.globalrequest import getRequest
from zope.interface import Invalid
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import ConstraintNotSatisfied
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import RequiredMissing
from zope.schema.interfaces import TooBig
from zope.schema.interfaces import TooLong
from zope.schema.interfaces import TooShort
from zope.schema.interfaces import TooSmall
from zope.schema.interfaces import ValidationError

import binascii


def field_error(field, exc) -> object:
    """An Italian message for ``exc`` raised by ``field``."""
    label = str(field.title or field.__name__)
    own = getattr(exc, "message", None)
    if own is not None and not isinstance(exc, (RequiredMissing, TooSmall, TooBig)):
        return own  # the editors' validators carry their own message
    if isinstance(exc, RequiredMissing):
        return _("Campo obbligatorio: ${field}", mapping={"field": label})
    if isinstance(exc, TooSmall):
        return _("«${field}» deve essere almeno ${bound}.", mapping={"field": label, "bound": exc.bound})
    if isinstance(exc, TooBig):
        return _("«${field}» non può superare ${bound}.", mapping={"field": label, "bound": exc.bound})
    if isinstance(exc, TooLong):
        return _("«${field}» è troppo lungo (al massimo ${bound} caratteri).",
                 mapping={"field": label, "bound": exc.bound})
    if isinstance(exc, TooShort):
        return _("«${field}» è troppo corto (almeno ${bound} caratteri).",
                 mapping={"field": label, "bound": exc.bound})
    if isinstance(exc, ConstraintNotSatisfied) and IChoice.providedBy(field):
        return _("«${field}»: scegli uno dei valori previsti.", mapping={"field": label})
    return _("Valore non valido per «${field}».", mapping={"field": label})


def _is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _sniffed(value, name):
    """File fields of the form are checked by content, as in the web form."""
    if INamedFile.providedBy(value):
        value.contentType = check_upload(StoredFile(value), FORM_FILE_TYPES, FORM_FILE_MAX_MB,
                                         value.filename or name)
    return value


def read_answers(app, data, request) -> dict:
    """``{name: value}`` of ``data`` validated against the draft's version.

    Empty values clear an answer (a draft may be incomplete; submission
    checks completeness). Raises :class:`PayloadError` listing every bad
    or unknown field.
    """
    if not isinstance(data, dict):
        raise PayloadError(_("«data» deve essere un oggetto con le risposte del modulo."), field="data")
    schema, _model = version_schema(app.application_type(), app.form_version)
    fields = dict(getFieldsInOrder(schema))
    values, errors = {}, []
    for name, raw in data.items():
        field = fields.get(name)
        if field is None or field.readonly:
            errors.append((name, _("Il modulo non prevede il campo «${field}».", mapping={"field": name})))
            continue
        if _is_empty(raw):
            values[name] = field.missing_value
            continue
        deserializer = queryMultiAdapter((field, app, request), IFieldDeserializer)
        try:
            check_base64_length(raw, FORM_FILE_MAX_MB * MB, name)  # before plone.restapi decodes it
            values[name] = _sniffed(deserializer(raw), name)
        except UploadRejected as exc:
            errors.append((name, exc.message))
        except (ValidationError, Invalid, ValueError, TypeError) as exc:
            errors.append((name, field_error(field, exc)))
    # Fields that do not apply (istanze:show-when) are neither checked nor stored.
    hidden = app_visibility(app, {**values, **{n: None for n, _m in errors}}).hidden_fields
    errors = [(n, m) for n, m in errors if n not in hidden]
    values = {n: v for n, v in values.items() if n not in hidden}
    if errors:
        raise PayloadError(errors[0][1], field=errors[0][0], errors=errors)
    return values


def store_answers(app, data, request) -> list:
    """Validate ``data`` and set it on ``app``; returns the changed names."""
    values = read_answers(app, data, request)
    base = aq_base(app)
    for name, value in values.items():
        setattr(base, name, value)
    return list(values) + [n for n in prune_hidden(app) if n not in values]


def decode_base64(text, max_bytes, label, field):
    """A :class:`ReceivedFile` of base64 ``text``: its length is checked against
    ``max_bytes`` before decoding, the bytes go to a blob file in chunks."""
    try:
        return from_base64(text or "", max_bytes, label)
    except UploadRejected:
        raise
    except (binascii.Error, ValueError, TypeError) as exc:
        raise PayloadError(
            _("Il file «${name}» non è codificato correttamente in base64.", mapping={"name": label}),
            field=field,
        ) from exc


def store_attachment(app, item, user_id):
    """Check and store one JSON attachment (replacing an earlier upload).

    The declared attachment's own size limit is applied to the base64 text
    before it is decoded.
    """
    if not isinstance(item, dict) or not item.get("name") or not isinstance(item["name"], str):
        raise PayloadError(
            _("Ogni allegato deve indicare «name» (il nome dell'allegato richiesto) e «data»."),
            field="attachments",
        )
    name = item["name"]
    spec = spec_named(app, name)
    received = decode_base64(item.get("data"), int(spec["max_size_mb"]) * MB, name, "attachments")
    filename = item.get("filename") if isinstance(item.get("filename"), str) else ""
    return add_attachment(app, name, received, filename, user_id, replace=True, spec=spec)


def signature_info(app, att):
    """The signature check's outcome (None for a file of no signed kind)."""
    if not att.signature:
        return None
    return {**att.signature, "summary": outcome_text(att.signature, getRequest()),
            "content": f"{app.absolute_url()}/@@allegato/{att.id}/{CONTENT}"
            if enveloping(att.signature) else None}


def attachment_info(app, att) -> dict:
    """JSON description of an attachment (never its bytes)."""
    return {
        "id": att.id,
        "name": att.spec,
        "filename": att.filename,
        "content-type": att.mime,
        "size": att.size,
        "sha256": att.sha256,
        "kind": att.kind,
        "uploaded": att.uploaded.isoformat() if att.uploaded else None,
        "download": f"{app.absolute_url()}/@@allegato/{att.id}",
        "signature": signature_info(app, att),
    }
