"""Creating drafts and submitting applications: the citizen's journey.

Every entry point of the product (the multi-step form, plone.restapi
services) ends up here, and the ``submit`` rule refuses the generic ones
(``@workflow/submit``, the state menu, scripts), so the rules are the same
everywhere: window open, level of assurance, applicant kinds, one per person,
complete answers and attachments. Validation happens *before* anything is
stored; a refused operation raises :class:`ApplicationError` with an Italian
message and leaves nothing half-done (the transaction is aborted).
"""

from Acquisition import aq_base
from comune.istanze import _
from comune.istanze.access import APPLICANT_ROLE
from comune.istanze.conditions.visibility import app_visibility
from comune.istanze.content import arrivals
from comune.istanze.conditions.visibility import prune_hidden
from comune.istanze.content.fti import version_schema
from comune.istanze.content.vocabularies import loa_satisfies
from comune.istanze.forms.english import language_of
from comune.istanze.exchange.versions import current_definition_version
from comune.istanze.identity import current_identity
from comune.istanze.numbering.sequence import allocate
from comune.istanze.workflow.chain import find_predecessor
from comune.istanze.workflow.custom import pin as pin_workflow
from comune.istanze.workflow.custom import repin_draft
from comune.istanze.numbering.sequence import format_number
from comune.istanze.workflow.errors import ApplicationError
from comune.istanze.workflow.errors import LevelTooLow
from comune.istanze.workflow.errors import NotAllowed
from comune.istanze.workflow.errors import WindowClosed
from comune.istanze.workflow.events import ApplicationDraftCreatedEvent
from comune.istanze.workflow.events import ApplicationSubmittedEvent
from comune.istanze.workflow.rules import fire_kind
from comune.istanze.workflow.rules import require_product_action
from datetime import datetime
from plone import api
from plone.dexterity.utils import createContent
from zope.event import notify
from zope.globalrequest import getRequest
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import ValidationError

import secrets


# Active: every state but these (a type's own office states included).
INACTIVE_STATES = ("rejected", "withdrawn", "closed")


def check_window(type_obj, when=None):
    if not type_obj.is_open(when):
        fmt = "%d/%m/%Y %H:%M"
        raise WindowClosed(
            _(
                "La presentazione delle istanze è aperta dal ${opening} al "
                "${closing}: ora non è possibile presentare.",
                mapping={
                    "opening": type_obj.opening.strftime(fmt),
                    "closing": type_obj.closing.strftime(fmt),
                },
            )
        )


def check_level(type_obj, identity, message=None):
    """The level of *this* login session must reach the type's minimum.

    A password session (staff, basic auth, JWT) has no level: it satisfies
    none, and every type asks at least SpidL1, so it cannot apply.
    """
    if not identity.from_identity_provider:
        raise LevelTooLow(
            _(
                "Per presentare un'istanza occorre accedere con SPID, CIE o CNS "
                "(livello ${level}): l'accesso con nome utente e password non basta.",
                mapping={"level": type_obj.min_loa},
            )
        )
    if not loa_satisfies(identity.loa, type_obj.min_loa):
        raise LevelTooLow(message or _(
            "Questo servizio richiede un accesso di livello ${level}: "
            "accedi di nuovo con il livello richiesto.",
            mapping={"level": type_obj.min_loa},
        ))


def check_can_apply(type_obj, identity, applicant_kind="self"):
    if identity is None:
        raise NotAllowed(_("Per presentare un'istanza occorre accedere."))
    if not type_obj.published_type or api.content.get_state(type_obj) != "published":
        raise NotAllowed(_("Questo servizio non è ancora disponibile online."))
    check_window(type_obj)
    check_level(type_obj, identity)
    if applicant_kind not in (type_obj.applicant_kinds or ["self"]):
        raise NotAllowed(_("Questo servizio non ammette istanze presentate in questa veste."))
    if type_obj.one_per_person and existing_applications(type_obj, identity.user_id):
        raise NotAllowed(
            _("Hai già un'istanza per questo servizio: se ne può presentare una sola.")
        )


def existing_applications(type_obj, user_id, drafts=True):
    """Catalog brains of the user's active applications of this type
    (submitted ones only with ``drafts=False``)."""
    catalog = api.portal.get_tool("portal_catalog")
    return catalog.unrestrictedSearchResults(
        portal_type=type_obj.published_type,
        path="/".join(type_obj.getPhysicalPath()),
        applicant_id=user_id,
        review_state={"not": list(INACTIVE_STATES) + ([] if drafts else ["draft"])},
    )


def create_draft(type_obj, applicant_kind="self", beneficiary=None, represented=None,
                 predecessor=None, app_id=None):
    """Create a draft for the current user; returns the application.

    ``predecessor`` optionally names (by number) the earlier application a
    chained type requires; by default the most recent suitable one is used.
    ``app_id``: its id (default random; see restapi/replay.py).
    """
    identity = current_identity()
    check_can_apply(type_obj, identity, applicant_kind)
    earlier = find_predecessor(type_obj, identity.user_id, predecessor)
    beneficiary = beneficiary or {}
    represented = represented or {}
    if applicant_kind == "family" and not beneficiary.get("fiscal_code"):
        raise ApplicationError(
            _("Indica il codice fiscale del familiare per cui presenti l'istanza."),
            field="beneficiary_id",
        )
    if applicant_kind == "association" and not represented.get("tax_id"):
        raise ApplicationError(
            _("Indica il codice fiscale o la partita IVA dell'ente rappresentato."),
            field="represented_tax_id",
        )
    from comune.istanze.integrations.anpr import draft as anpr_draft

    fill_from_anpr = anpr_draft.before_draft(type_obj, identity, applicant_kind, beneficiary)
    app = new_application(type_obj, identity.user_id, identity.full_name, identity.email,
                          applicant_kind, ("first_name", "last_name", "fiscal_code", "email")
                          if identity.from_identity_provider else (), app_id=app_id)
    app.beneficiary_id = (beneficiary.get("fiscal_code") or "").upper() or None
    app.beneficiary_name = beneficiary.get("name") or None
    app.represented_name = represented.get("name") or None
    app.represented_tax_id = represented.get("tax_id") or None
    if earlier is not None:
        app.predecessor_uid = earlier.UID
        app.predecessor_number = earlier.application_number
    if fill_from_anpr is not None:
        fill_from_anpr(app)
    return add_draft(type_obj, app)


def new_application(type_obj, user_id, full_name, email, applicant_kind="self", locked=(),
                    app_id=None):
    """A draft of ``type_obj`` for ``user_id``, not yet added to the type."""
    app = createContent(type_obj.published_type)
    app.id = app_id or secrets.token_hex(8)
    app.form_version = type_obj.current_form_version
    app.definition_version = current_definition_version(type_obj)
    pin_workflow(type_obj, app)
    app.applicant_id = user_id
    app.applicant_name = full_name
    app.applicant_email = email
    app.applicant_kind = applicant_kind
    app.locked_fields = tuple(locked)
    app.title = _draft_title(type_obj)
    return app


def add_draft(type_obj, app):
    """Add ``app`` (from :func:`new_application`) with its applicant's role.

    Stored without writing the type object itself (no
    IContainerModifiedEvent: plone.dexterity would reindex the container and
    set its modification date, one object written by every concurrent
    submission) and, inside a published request, into the type's arrivals,
    settled after the commit (:mod:`comune.istanze.content.arrivals`).

    Citizens have no add permission anywhere: the draft is created by
    product code after the checks of :func:`check_can_apply`; the citizen
    is then its applicant (:func:`make_applicant`), not its Owner.
    """
    app = arrivals.add(type_obj, app)
    make_applicant(app, app.applicant_id)
    app.reindexObject()
    app.reindexObjectSecurity()
    notify(ApplicationDraftCreatedEvent(app))
    return app


def make_applicant(app, user_id):
    """``user_id`` is the applicant of ``app``: role Richiedente, nothing more.

    The applicant is not a content owner: Owner would bring Plone's Sharing
    page, history, folder contents and role delegation with it. Their one
    local role is Richiedente, whose permissions come from the workflow
    (view their own, fill the draft, send integrations, withdraw). Any other
    local role is dropped (OFS gives Owner to whoever adds an object).
    Zope's ownership (``_owner``) stays the applicant's: it grants no role
    (only local roles do), and it keeps "who made this" truthful for Plone's
    byline and for ``Creator``; ``creators`` names the applicant too.
    """
    user = api.user.get(userid=user_id)
    if user is not None:
        app.changeOwnership(user.getUser() if hasattr(user, "getUser") else user)
    app.__ac_local_roles__ = {user_id: [APPLICANT_ROLE]}
    app.creators = (user_id,)


def _draft_title(type_obj):
    return f"Bozza — {type_obj.title}"


def missing_answers(app):
    """List of (field name, message) for answers that do not validate."""
    schema, _model = version_schema(app.application_type(), app.form_version)
    hidden = app_visibility(app).hidden_fields  # not asked: neither required nor kept
    problems = []
    for name, field in getFieldsInOrder(schema):
        if name in hidden:
            continue
        bound = field.bind(app)
        value = getattr(aq_base(app), name, None)
        if value is None or value == "" or value == [] or value == set():
            if field.required:
                problems.append((name, _("Campo obbligatorio: ${field}", mapping={"field": field.title})))
            continue
        try:
            bound.validate(value)
        except ValidationError as exc:
            problems.append((name, exc.doc() if hasattr(exc, "doc") else str(exc)))
    return problems


def validate_for_submission(app, fee_check=True):
    """Raise :class:`ApplicationError` unless ``app`` can be submitted
    (``fee_check=False``: «Paga e invia», which asks for the fee itself)."""
    type_obj = app.application_type()
    if api.content.get_state(app) != "draft":
        raise NotAllowed(_("L'istanza è già stata inviata."))
    from comune.istanze.frontdesk import drafts as frontdesk

    identity = current_identity()
    at_desk = frontdesk.filed_by_current_operator(app)  # the operator, not the citizen's SPID
    if not at_desk and (identity is None or identity.user_id != app.applicant_id):
        raise NotAllowed(_("Puoi inviare solo le tue istanze."))
    check_window(type_obj)
    if not at_desk:
        check_level(type_obj, identity, _("Accedi di nuovo con il livello ${level} per inviare.",
                                          mapping={"level": type_obj.min_loa}))
    if type_obj.one_per_person:
        others = [b for b in existing_applications(type_obj, app.applicant_id, drafts=False)]
        if others:
            raise NotAllowed(_("Hai già un'istanza per questo servizio: se ne può presentare una sola."))
    problems = missing_answers(app)
    problems += missing_attachments(app)
    if problems:
        raise ApplicationError(problems[0][1], field=problems[0][0])
    from comune.istanze.integrations.anpr.draft import before_submit

    before_submit(app)  # family members in the stato di famiglia (ANPR)
    frontdesk.check_signed(app)
    if fee_check:
        from comune.istanze.fees.pay_and_submit import check_fee_paid

        check_fee_paid(app)


def missing_attachments(app):
    """Declared mandatory attachments the draft does not have yet."""
    from comune.istanze.documents.attachments import attachments_of

    present = {a.spec for a in attachments_of(app)}
    problems = []
    for spec in app.application_type().attachments or []:
        if spec.get("required") and spec["name"] not in present:
            problems.append(
                ("attachment", _("Allegato obbligatorio mancante: ${name}", mapping={"name": spec["name"]}))
            )
    return problems


def submit(app):
    """Validate and submit ``app`` (the submit rule does both)."""
    if api.content.get_state(app) != "draft":
        raise NotAllowed(_("L'istanza è già stata inviata."))
    repin_draft(app)
    fire_kind(app, "submit")
    return app


class SubmitRule:
    """``submit``: only through the product (form, ``@istanze-invia``,
    ``@istanze`` with ``submit``), with every check of
    :func:`validate_for_submission`; then number, date, level, title.

    Not in the audit log: the submission has its number, receipt and
    history, and the audit BTree is shared by the whole type (a write per
    submission would bring back the conflicts the hot path avoids).
    """

    product_only = True

    def prepare(self, app, ctx):
        require_product_action(
            ctx, _("Invia l'istanza dal modulo online o con il servizio @istanze-invia."))
        if ctx.data.get("paid_payment"):  # «Paga e invia», once paid (fees/pay_and_submit)
            from comune.istanze.fees.pay_and_submit import check_paid_submission

            check_paid_submission(app, ctx.data["paid_payment"])
        else:
            validate_for_submission(app)

    def complete(self, app, ctx):
        type_obj = app.application_type()
        now = datetime.now()
        identity = current_identity()
        year, seq = allocate(type_obj, now.year, app.UID())
        app.number = format_number(year, type_obj.code, seq)
        app.sequence = seq
        app.submitted = now
        app.form_version = app.form_version or type_obj.current_form_version
        app.language = language_of(getRequest())  # the receipt speaks it
        prune_hidden(app)  # answers of fields that did not apply are not kept
        if identity is not None and not ctx.data.get("paid_payment"):
            app.auth_method = identity.auth_method
            app.loa = identity.loa or None
        app.title = f"{app.number} — {type_obj.title}"
        app.reindexObject()
        notify(ApplicationSubmittedEvent(app))
