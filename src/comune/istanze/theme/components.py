"""``@@istanze-ui``: the markup of the small components the product's pages
share, in the design system of the page.

With the Bootstrap Italia profile (:class:`IBootstrapItaliaLayer`) states are
the design system's chips and notices its callouts; otherwise they are plain
Bootstrap 5 badges and alerts, which every Plone 6 theme styles. Templates
ask this view instead of hard-coding classes::

    <tal:ui define="ui nocall:context/@@istanze-ui">
      <span tal:replace="structure python:ui.state(view.state_title, 'istanza-state')" />
      <div tal:attributes="class python:ui.notice('success')">…</div>
"""

from comune.istanze.theme import italia
from html import escape
from Products.Five.browser import BrowserView
from zope.i18n import translate
from zExceptions import NotFound


#: notice tone -> (Bootstrap alert, Bootstrap Italia callout)
TONES = {
    "info": ("alert alert-info", "callout note"),
    "success": ("alert alert-success", "callout success"),
    "warning": ("alert alert-warning", "callout warning"),
    "danger": ("alert alert-danger", "callout danger"),
}


class Components(BrowserView):
    """Component markup for the current page's design system."""

    def __call__(self):
        # a helper of the templates, not a page: nothing to see at its URL
        raise NotFound(self.context, "istanze-ui", self.request)

    @property
    def italia(self):
        return italia(self.request)

    def state(self, title, css=""):
        """The state of an application (or payment) as a chip / badge."""
        label = escape(translate(title or "", context=self.request))
        if self.italia:
            return (f'<span class="chip chip-simple chip-primary {css}">'
                    f'<span class="chip-label">{label}</span></span>')
        return f'<span class="badge text-bg-info fs-6 fw-normal {css}">{label}</span>'

    def notice(self, tone="info", css=""):
        """CSS classes of a notice box: a callout / an alert."""
        alert, callout = TONES[tone]
        return f"{callout if self.italia else alert} {css}".strip()
