"""Starting and submitting a draft at the front desk.

The draft is the citizen's: applicant id = codice fiscale (the user id of
their SPID login, whether or not they ever logged in), local role
Richiedente on it, found in their personal area at their next login. The
operator only gets :data:`FILLER_ROLE` on this draft; the workflow maps it
in the draft state alone, and :func:`on_submitted` takes it away.
"""

from comune.istanze import _
from comune.istanze.frontdesk import FILLER_ROLE
from comune.istanze.frontdesk import FRONT_DESK
from comune.istanze.frontdesk import is_frontdesk
from comune.istanze.frontdesk import SPORTELLO
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import NotAllowed
from plone import api


LOCKED = ("first_name", "last_name", "fiscal_code")


def operator_name(user):
    return (user.getProperty("fullname", "") or "").strip() or user.getId()


def check_can_file(type_obj, ident):
    """The operator may file ``ident``'s application of ``type_obj`` now."""
    if not api.user.has_permission(FRONT_DESK, obj=type_obj):
        raise NotAllowed(_("Non sei operatore di sportello per questo servizio."))
    if not type_obj.published_type or api.content.get_state(type_obj) != "published":
        raise NotAllowed(_("Questo servizio non è ancora disponibile online."))
    submission.check_window(type_obj)
    if "self" not in (type_obj.applicant_kinds or ["self"]):
        raise NotAllowed(_("Questo servizio non ammette istanze presentate dal cittadino "
                           "per sé: allo sportello non si può presentare."))
    if type_obj.one_per_person and submission.existing_applications(type_obj, ident.fiscal_code):
        raise NotAllowed(_("Il cittadino ha già un'istanza per questo servizio: "
                           "se ne può presentare una sola."))


def start_for_citizen(type_obj, ident):
    """Create the citizen's draft, filled by the current operator."""
    check_can_file(type_obj, ident)
    operator = api.user.get_current()
    app = submission.new_application(type_obj, ident.fiscal_code, ident.full_name,
                                     ident.email or None, "self", LOCKED)
    app.applicant_first_name = ident.first_name
    app.applicant_last_name = ident.last_name
    app.applicant_fiscal_code = ident.fiscal_code
    app.channel = SPORTELLO
    app.frontdesk = ident.record(operator.getId(), operator_name(operator))
    app = submission.add_draft(type_obj, app)
    app.manage_setLocalRoles(operator.getId(), [FILLER_ROLE])
    app.reindexObjectSecurity()
    return app


def operator_of(app):
    """User id of the operator who files ``app`` (None for online ones)."""
    return (getattr(app, "frontdesk", None) or {}).get("operator_id") if is_frontdesk(app) else None


def operator_fills(app):
    """True when the current user is the operator filling this front-desk draft."""
    return (is_frontdesk(app) and not api.user.is_anonymous()
            and api.user.get_current().getId() == operator_of(app))


def filed_by_current_operator(app):
    """For :func:`comune.istanze.workflow.submission.validate_for_submission`:
    True when the current user is the operator filing this front-desk draft
    (the citizen's own SPID session is then not needed); False for every
    online application; refuses anyone else on a front-desk draft."""
    if not is_frontdesk(app):
        return False
    if not operator_fills(app):
        raise NotAllowed(_("Questa istanza è presentata allo sportello: la invia "
                           "l'operatore che la compila."))
    return True


def check_signed(app):
    """A front-desk draft is sent only with the citizen's signed summary."""
    from comune.istanze.frontdesk.signature import signature_of

    if is_frontdesk(app) and signature_of(app) is None:
        raise ApplicationError(
            _("Manca la firma del cittadino sul riepilogo: stampa il riepilogo e carica "
              "la scansione firmata, oppure fai firmare il cittadino sul tablet."),
            field="signature",
        )


def on_submitted(app, event):
    """After submission the operator keeps no role on the application."""
    if not is_frontdesk(app):
        return
    operator = operator_of(app)
    if operator and operator in (app.__ac_local_roles__ or {}):
        app.manage_delLocalRoles([operator])
        app.reindexObjectSecurity()
    app.auth_method, app.loa = SPORTELLO, None
    app.reindexObject(idxs=["auth_method"])


def channel_note(app_or_brain):
    """«Presentata allo sportello da …» or "" (templates, receipt)."""
    name = getattr(app_or_brain, "frontdesk_by", None)
    if name is None and hasattr(app_or_brain, "frontdesk"):
        name = frontdesk_by(app_or_brain)
    if not is_frontdesk(app_or_brain) or not name:
        return ""
    return _("Presentata allo sportello da ${name}", mapping={"name": name})


def frontdesk_by(app):
    """Metadata ``frontdesk_by``: the operator's name, or None."""
    data = getattr(app, "frontdesk", None) or {}
    return data.get("operator_name") if is_frontdesk(app) else None


def receipt_note(app):
    """The receipt's «Canale» line of a front-desk application, or ""."""
    data = getattr(app, "frontdesk", None) or {}
    if not is_frontdesk(app) or not data:
        return ""
    from comune.istanze.frontdesk.identification import DOCUMENT_TITLES
    from zope.i18n import translate

    document = translate(DOCUMENT_TITLES.get(data.get("document_type"), ""), target_language="it")
    return (f"Presentata allo sportello da {data.get('operator_name')}; richiedente identificato "
            f"con {document} n. {data.get('document_number')} rilasciato da "
            f"{data.get('document_issuer')}")


def frontdesk_info(app):
    """The operator and the identity document (REST ``@istanza``), or None."""
    data = getattr(app, "frontdesk", None)
    return dict(data) if is_frontdesk(app) and data else None
