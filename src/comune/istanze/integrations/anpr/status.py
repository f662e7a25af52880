"""The ANPR verification of an application, as the office sees it.

An application carries ``anpr_status`` ("verificata", "non_verificata",
"esito_negativo"; None when ANPR was never involved), ``anpr_detail`` (what
was checked or why not) and ``anpr_checked`` (when). ``anpr_status`` is
catalog metadata: the inbox shows "non verificata" without waking the
application. :func:`recheck` is the office's re-run from the staff page and
``@istruttoria`` (action "anpr"): the result is recorded on the application
and in the audit log.
"""

from Acquisition import aq_base
from comune.istanze import _
from comune.istanze.integrations.anpr.checks import evaluate
from comune.istanze.integrations.anpr.checks import family_fields
from comune.istanze.integrations.anpr.checks import rules_of
from datetime import datetime
from plone.indexer import indexer
from comune.istanze.interfaces import IApplication
from stdnum.it import codicefiscale


VERIFIED = "verificata"
UNVERIFIED = "non_verificata"
NEGATIVE = "esito_negativo"
TITLES = {
    VERIFIED: _("Verificata con ANPR"),
    UNVERIFIED: _("Non verificata con ANPR"),
    NEGATIVE: _("Esito negativo della verifica ANPR"),
}
STAFF_TIMEOUT = 15.0  # the office is not a citizen waiting at a form


def record_status(app, status, detail):
    app.anpr_status = status
    app.anpr_detail = detail
    app.anpr_checked = datetime.now()


def status_of(app):
    """{"status", "title", "detail", "checked"} or None."""
    status = getattr(aq_base(app), "anpr_status", None)
    if not status:
        return None
    return {"status": status, "title": TITLES.get(status, status),
            "detail": getattr(aq_base(app), "anpr_detail", "") or "",
            "checked": getattr(aq_base(app), "anpr_checked", None)}


@indexer(IApplication)
def anpr_status(obj):
    return getattr(aq_base(obj), "anpr_status", None)


def applicant_code(app):
    """The applicant's codice fiscale (with SPID/CIE the user id is it)."""
    for value in (getattr(app, "applicant_fiscal_code", None), app.applicant_id):
        value = (value or "").strip().upper()
        if codicefiscale.is_valid(value):
            return value
    return ""


def family_codes(app, schema_iface):
    """{form field name: codice fiscale} of the family members named by ``app``
    ("beneficiary_id": the beneficiary chosen at the start)."""
    codes = {name: getattr(aq_base(app), name, None) for name in family_fields(schema_iface)}
    if app.applicant_kind == "family" and app.beneficiary_id:
        codes["beneficiary_id"] = app.beneficiary_id
    return {k: v for k, v in codes.items() if v}


def summary(result):
    if result.refusals:
        return "; ".join(_plain(message) for _name, message in result.refusals)
    if result.unavailable:
        return f"ANPR non disponibile: {result.unavailable}"
    return ", ".join(result.checked) or "nessun dato da verificare"


def _plain(message):
    from zope.i18n import translate

    return translate(message, target_language="it")


def outcome_status(result):
    if result.refusals:
        return NEGATIVE
    return UNVERIFIED if result.unavailable else VERIFIED


def recheck(app):
    """Re-run the type's ANPR rules for ``app``; record and audit the result.

    Returns the status dict. Raises ActionError (Italian) when the type has
    no ANPR rule or the applicant has no codice fiscale.
    """
    from comune.istanze.backoffice import audit
    from comune.istanze.backoffice.actions import WORK
    from comune.istanze.backoffice.actions import ActionError
    from comune.istanze.backoffice.actions import _require
    from comune.istanze.content.fti import version_schema
    from comune.istanze.integrations import anpr

    _require(WORK, app)
    type_obj = app.application_type()
    resident, family_rule = rules_of(type_obj)
    if not (resident or family_rule):
        raise ActionError(_("Questa tipologia non ha verifiche ANPR da ripetere."))
    code = applicant_code(app)
    if not code:
        raise ActionError(_("Il richiedente non ha un codice fiscale valido: ANPR non si può "
                            "interrogare."))
    schema_iface, _model = version_schema(type_obj, app.form_version)
    family = family_codes(app, schema_iface) if family_rule else {}
    result = evaluate(anpr.client(), code, resident, family, reason=app.number or app.getId(),
                      timeout=STAFF_TIMEOUT)
    detail = summary(result)
    record_status(app, outcome_status(result), detail)
    app.reindexObject(idxs=["getId"])  # the metadata column anpr_status
    audit.record(app, "anpr", detail)
    return status_of(app)
