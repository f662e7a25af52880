"""ANPR while the citizen applies: at the draft's start, on the steps, at submission.

- :func:`before_draft` (from ``create_draft``, before anything is stored):
  for a citizen who logged in with SPID/CIE/CNS, asks ANPR what the type
  needs (rules, fields marked ``istanze:anpr``) within the short timeout.
  A rule's refusal raises :class:`NotEligible` (Italian message): no draft
  is created. Otherwise it returns the function that fills the new draft:
  prefilled values (remembered in ``anpr_prefilled`` so the steps can say
  they came from ANPR) and the verification status ("non verificata" when
  ANPR did not answer: the citizen fills the fields by hand).
- :func:`check_step` / :func:`before_submit`: the codici fiscali typed in
  fields marked ``famiglia.componente`` are looked up in the applicant's
  stato di famiglia (type rule on); a refusal keeps the value out of the
  draft / refuses the submission, an unavailability marks the draft
  "non verificata".
"""

from Acquisition import aq_base
from comune.istanze.content.fti import version_schema
from comune.istanze.integrations.anpr.checks import evaluate
from comune.istanze.integrations.anpr.checks import family_fields
from comune.istanze.integrations.anpr.checks import prefill_uses
from comune.istanze.integrations.anpr.checks import rules_of
from comune.istanze.integrations.anpr.data import DATA
from comune.istanze.integrations.anpr.status import NEGATIVE
from comune.istanze.integrations.anpr.status import UNVERIFIED
from comune.istanze.integrations.anpr.status import VERIFIED
from comune.istanze.integrations.anpr.status import applicant_code
from comune.istanze.integrations.anpr.status import outcome_status
from comune.istanze.integrations.anpr.status import record_status
from comune.istanze.integrations.anpr.status import summary
from comune.istanze.integrations.anpr.supermodel import marks
from comune.istanze.workflow.errors import ApplicationError
from datetime import date
from stdnum.it import codicefiscale
from zope import schema
from zope.schema.interfaces import ValidationError


class NotEligible(ApplicationError):
    status = 403


def _client():
    from comune.istanze.integrations import anpr

    return anpr.client()


def before_draft(type_obj, identity, applicant_kind="self", beneficiary=None):
    """None, or the function that fills the new draft; raises NotEligible."""
    code = (getattr(identity, "fiscal_code", "") or "").upper()
    if identity is None or not identity.from_identity_provider or not codicefiscale.is_valid(code):
        return None
    version = type_obj.current_form_version
    if version is None:
        return None
    schema_iface, _model = version_schema(type_obj, version)
    resident, family_rule = rules_of(type_obj)
    family = {}
    if family_rule and applicant_kind == "family" and (beneficiary or {}).get("fiscal_code"):
        family = {"beneficiary_id": beneficiary["fiscal_code"]}
    result = evaluate(_client(), code, resident, family, prefill_uses(schema_iface),
                      reason=f"{type_obj.code or type_obj.getId()}: avvio istanza online")
    if not result.asked:
        return None
    if result.refusals:
        name, message = result.refusals[0]
        raise NotEligible(message, field=name)

    def fill(app):
        values = prefill_values(schema_iface, result.subjects, app)
        for name, value in values.items():
            setattr(app, name, value)
        app.anpr_prefilled = values
        app.anpr_family_ok = tuple(family.values()) if "family" in result.subjects else ()
        record_status(app, outcome_status(result), summary(result))

    return fill


def prefill_values(schema_iface, subjects, app):
    """{field name: value} for the marked fields ANPR gave a valid value for."""
    values = {}
    for name, datum in marks(schema_iface).items():
        if datum not in DATA or name not in schema_iface:
            continue
        _title, use, read = DATA[datum]
        subject = subjects.get(use)
        value = _convert(schema_iface[name], read(subject) if subject else "", app)
        if value is not None:
            values[name] = value
    return values


def _convert(field, text, app):
    if not text:
        return None
    try:
        value = date.fromisoformat(text) if isinstance(field, schema.Date) else text
        if not isinstance(field, (schema.Date, schema.TextLine, schema.Text, schema.Choice)):
            return None
        field.bind(app).validate(value)
    except (ValueError, ValidationError):
        return None
    return value


def prefilled_from_anpr(app, name, value):
    """True when ``value`` of field ``name`` is the one ANPR gave."""
    given = getattr(aq_base(app), "anpr_prefilled", None) or {}
    return name in given and given[name] == value


def check_family(app, values):
    """{field name: Italian message} for family-member codes of ``values``
    that ANPR puts outside the applicant's family; records the outcome."""
    type_obj = app.application_type()
    if not rules_of(type_obj)[1]:
        return {}
    schema_iface, _model = version_schema(type_obj, app.form_version)
    done = set(getattr(aq_base(app), "anpr_family_ok", ()) or ())
    codes = {name: values[name].strip().upper() for name in family_fields(schema_iface)
             if isinstance(values.get(name), str) and values[name].strip()}
    codes = {k: v for k, v in codes.items() if v not in done}
    code = applicant_code(app)
    if not codes or not code:
        return {}
    result = evaluate(_client(), code, False, codes, reason=app.number or app.getId())
    if result.refusals:
        return {name: message for name, message in result.refusals}
    current = getattr(aq_base(app), "anpr_status", None)
    if result.unavailable:
        if current != NEGATIVE:
            record_status(app, UNVERIFIED, summary(result))
    else:
        app.anpr_family_ok = tuple(done | set(codes.values()))
        if current in (None, VERIFIED):  # keep what the draft's start verified
            before = getattr(aq_base(app), "anpr_detail", "") if current else ""
            record_status(app, VERIFIED, "; ".join(filter(None, (before, summary(result)))))
    return {}


def before_submit(app):
    """Raise NotEligible when a family-member code is not in the family."""
    refusals = check_family(app, {name: getattr(aq_base(app), name, None)
                                  for name in _family_names(app)})
    for name, message in refusals.items():
        raise NotEligible(message, field=name)


def _family_names(app):
    schema_iface, _model = version_schema(app.application_type(), app.form_version)
    return family_fields(schema_iface)


def note(widget, app):
    """The accessible "from ANPR" note of ``widget`` on a step, or None."""
    name = getattr(widget.field, "__name__", None)
    if not name or not prefilled_from_anpr(app, name, getattr(aq_base(app), name, None)):
        return None
    return {"id": f"{widget.id}-anpr"}
