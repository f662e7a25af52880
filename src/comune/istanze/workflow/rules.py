"""One path per state change: every transition of an application runs its rule.

Whoever fires a transition (the product's views and services, plone.restapi's
``@workflow``, Plone's state menu and ``content_status_modify``, a bulk
decision, a script calling ``api.content.transition``), DCWorkflow notifies
the before/after transition events, and the subscribers here run the
transition's rule: a named utility providing :class:`ITransitionRule`,
registered in ZCML under the transition id (a Comune overrides one by
registering its own). A transition without a rule is refused.

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

from comune.istanze import _
from comune.istanze.workflow.errors import NotAllowed
from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.component import queryUtility
from zope.interface import Interface


KEY = "istanze_context"


class ITransitionRule(Interface):
    """The product's rule of one transition (named utility: the transition id).

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

    def __init__(self, transition, kwargs, data=None, supplied=False):
        self.transition = transition
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


def fire(app, transition, comment="", **data):
    """Fire ``transition`` on ``app`` as a product action, supplying ``data``.

    Returns the context (its ``result`` holds what the rule produced).
    Raises NotAllowed when the transition is not available to the user in
    the current state, or the rule's refusal.
    """
    wf = api.portal.get_tool("portal_workflow")
    kwargs = {"comment": comment or ""}
    ctx = TransitionContext(transition, kwargs, data, supplied=True)
    kwargs[KEY] = ctx
    try:
        wf.doActionFor(app, transition, **kwargs)
    except WorkflowException as exc:
        raise NotAllowed(_("Operazione non disponibile nello stato attuale.")) from exc
    return ctx


def rule_for(transition):
    rule = queryUtility(ITransitionRule, name=transition)
    if rule is None:
        raise NotAllowed(
            _("L'operazione «${transition}» non è prevista dal servizio.",
              mapping={"transition": transition}))
    return rule


def offered_generically(transition) -> bool:
    """May a generic surface (``GET @workflow``) offer ``transition``?"""
    rule = queryUtility(ITransitionRule, name=transition)
    return rule is not None and not getattr(rule, "product_only", False)


def _context(event):
    ctx = event.kwargs.get(KEY)
    if not isinstance(ctx, TransitionContext) or ctx.transition != event.transition.id:
        ctx = TransitionContext(event.transition.id, event.kwargs)
        event.kwargs[KEY] = ctx
    ctx.kwargs = event.kwargs
    return ctx


def on_before_transition(app, event):
    """Run the rule's ``prepare`` (may refuse: nothing is written yet)."""
    if event.transition is None:  # the initial state, at creation
        return
    rule_for(event.transition.id).prepare(app, _context(event))


def on_after_transition(app, event):
    """Run the rule's ``complete`` (the state has changed)."""
    if event.transition is None:
        return
    rule_for(event.transition.id).complete(app, _context(event))


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
