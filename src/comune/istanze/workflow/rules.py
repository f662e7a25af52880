"""One path per state change: every transition of an application runs its rule.

Whoever fires a transition (the product's views and services, plone.restapi's
``@workflow``, Plone's state menu and ``content_status_modify``, a bulk
decision, a script calling ``api.content.transition``), DCWorkflow notifies
the before/after transition events, and the subscribers here run the
transition's rule: a named utility providing :class:`ITransitionRule`,
registered in ZCML under the transition's *kind* (submit,
request_integration, reply_integration, accept, reject, withdraw, close,
office: see :mod:`.definition`), whatever the transition is called in the
type's own workflow (a Comune overrides a rule by registering its own
utility for the kind). A transition without a kind's rule is refused.

* ``prepare(app, ctx)`` runs before the state changes and writes nothing: it
  validates, computes what the side effects need (the decision PDF...) and
  raises :class:`~comune.istanze.workflow.errors.ApplicationError` (Italian
  message, status 400/403) to refuse. The exception is not a
  WorkflowException, so no caller turns it into something else: it reaches
  the publisher, which aborts the transaction (see ``browser/refusal.py``).
* ``complete(app, ctx)`` runs after the state change: documents, messages,
  emails and protocol jobs through the outbox, audit.

The data the product's own actions supply (a decision's motivation and PDF,
an integration's text and deadline, the applicant's reply) travels in a
:class:`TransitionContext` passed as a keyword argument of the transition:
:func:`fire` does it. Only Python code can pass it (a form variable or JSON
member is never a TransitionContext), so ``ctx.supplied`` tells a product
action from a generic one; applicant transitions require it. Without it the
context is built from the history ``comment``.
"""

from Acquisition import aq_base
from comune.istanze import _
from comune.istanze.workflow.errors import NotAllowed
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.component import queryUtility
from zope.interface import Interface


KEY = "istanze_context"


class ITransitionRule(Interface):
    """The product's rule of one kind of transition (named utility: the kind).

    A rule with ``product_only = True`` (the applicant's transitions) is
    fired only by the product's own views and services: generic surfaces
    neither offer it nor run it (:func:`offered_generically`).
    """

    def prepare(app, ctx):
        """Validate before anything is written; raise ApplicationError to refuse."""

    def complete(app, ctx):
        """The side effects, after the state change."""


class TransitionContext:
    """What a transition carries from its caller to its rule.

    ``data`` holds what the product's action supplied; ``supplied`` is False
    when the transition came from a generic surface (``@workflow``, the
    state menu, a script). ``comment`` reads and writes the history comment:
    a rule's ``prepare`` may set it (DCWorkflow records it afterwards).
    """

    def __init__(self, transition, kwargs, data=None, supplied=False, kind=None):
        self.transition = transition
        self.kind = kind or transition
        self.kwargs = kwargs
        self.data = dict(data or {})
        self.supplied = supplied
        self.result = {}  # what prepare computes for complete, and what fire returns

    @property
    def comment(self):
        return (self.kwargs.get("comment") or "").strip()

    @comment.setter
    def comment(self, value):
        self.kwargs["comment"] = value


def kind_of(tdef):
    """The kind of the DCWorkflow transition ``tdef`` (the default workflow's
    transitions have theirs in :mod:`.definition`'s default document)."""
    from comune.istanze.workflow.definition import default_kinds

    if tdef is None:
        return None
    return getattr(aq_base(tdef), "istanze_kind", None) or default_kinds().get(tdef.getId())


def _workflow(app):
    wfs = api.portal.get_tool("portal_workflow").getWorkflowsFor(app)
    return wfs[0] if wfs else None


def transition_kind(app, transition):
    """The kind of ``app``'s transition ``transition`` (an id), or None."""
    wf = _workflow(app)
    return kind_of(wf.transitions.get(transition)) if wf is not None else None


def exits_of_kind(app, kind, state=None):
    """Ids of the transitions of ``kind`` leaving ``state`` (default: the
    current one) in ``app``'s workflow, whether or not the user may fire them."""
    wf = _workflow(app)
    if wf is None:
        return []
    state_def = wf.states.get(state or api.content.get_state(app))
    ids = state_def.transitions if state_def is not None else ()
    return [t for t in ids if kind_of(wf.transitions.get(t)) == kind]


def path_to_kind(app, kind):
    """[transition ids] reaching a transition of ``kind`` from the current
    state: that transition, or an office move first (``start_review``), or []."""
    direct = exits_of_kind(app, kind)
    if direct:
        return direct[:1]
    wf = _workflow(app)
    for office in exits_of_kind(app, "office"):
        then = exits_of_kind(app, kind, wf.transitions[office].new_state_id)
        if then:
            return [office, then[0]]
    return []


def fire(app, transition, comment="", **data):
    """Fire ``transition`` on ``app`` as a product action, supplying ``data``.

    Returns the context (its ``result`` holds what the rule produced).
    Raises NotAllowed when the transition is not available to the user in
    the current state, or the rule's refusal.
    """
    wf = api.portal.get_tool("portal_workflow")
    kwargs = {"comment": comment or ""}
    ctx = TransitionContext(transition, kwargs, data, supplied=True,
                            kind=transition_kind(app, transition))
    kwargs[KEY] = ctx
    try:
        wf.doActionFor(app, transition, **kwargs)
    except WorkflowException as exc:
        raise NotAllowed(_("Operazione non disponibile nello stato attuale.")) from exc
    return ctx


def fire_kind(app, kind, comment="", **data):
    """Fire the transition of ``kind`` leaving ``app``'s current state."""
    exits = exits_of_kind(app, kind)
    if not exits:
        raise NotAllowed(_("Operazione non disponibile nello stato attuale."))
    return fire(app, exits[0], comment=comment, **data)


def rule_for(kind, transition=None):
    rule = queryUtility(ITransitionRule, name=kind) if kind else None
    if rule is None:
        raise NotAllowed(
            _("L'operazione «${transition}» non è prevista dal servizio.",
              mapping={"transition": transition or kind}))
    return rule


def offered_generically(app, transition) -> bool:
    """May a generic surface (``GET @workflow``) offer ``transition``?"""
    kind = transition_kind(app, transition)
    rule = queryUtility(ITransitionRule, name=kind) if kind else None
    return rule is not None and not getattr(rule, "product_only", False)


def _context(event):
    ctx = event.kwargs.get(KEY)
    if not isinstance(ctx, TransitionContext) or ctx.transition != event.transition.id:
        ctx = TransitionContext(event.transition.id, event.kwargs)
        event.kwargs[KEY] = ctx
    ctx.kind = kind_of(event.transition)
    ctx.kwargs = event.kwargs
    return ctx


def on_before_transition(app, event):
    """Run the rule's ``prepare`` (may refuse: nothing is written yet)."""
    if event.transition is None:  # the initial state, at creation
        return
    ctx = _context(event)
    rule_for(ctx.kind, ctx.transition).prepare(app, ctx)


def on_after_transition(app, event):
    """Run the rule's ``complete`` (the state has changed)."""
    if event.transition is None:
        return
    ctx = _context(event)
    rule_for(ctx.kind, ctx.transition).complete(app, ctx)


def require_product_action(ctx, message):
    """Refuse (403) unless the transition comes from the product's own action."""
    if not ctx.supplied:
        raise NotAllowed(message)


class AuditedRule:
    """A transition with no data of its own: recorded in the audit log."""

    def prepare(self, app, ctx):
        pass

    def complete(self, app, ctx):
        from comune.istanze.backoffice import audit

        audit.record(app, "transition", f"{ctx.transition}: {ctx.comment}".strip(": "))
