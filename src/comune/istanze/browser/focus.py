"""The citizen's flow pages (start, steps, receipt): lighter page chrome.

Header, toolbar, breadcrumbs and footer stay: the page is judged whole. The
side columns (navigation and other portlets) are left out: they are
distractions in a form a citizen fills in on a phone, and looking them up
on every step (portlet assignments, navigation tree) costs a third of the
step page's rendering at a deadline (benchmarks/p1_browser.py).

The request of a flow page also provides :class:`IFlowPage`, for which
``flow.zcml`` registers cheaper versions of viewlets that have nothing to
say on a form nobody else can see: no document actions, lock information,
next/previous links, social tags, author and RSS links (the pages are
``noindex``); the global sections without their dropdown subtrees (a
catalog query of the top level only). The global sections' and the footer
portlets' markup, the same on every page of a journey, is rendered once a
minute per person and language (an editor's change shows within the minute).
"""

from AccessControl import getSecurityManager
from plone.app.layout.viewlets.common import GlobalSectionsViewlet
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.portlets.browser.viewlets import FooterViewlet
from plone.memoize import ram
from zope.interface import alsoProvides
from zope.publisher.interfaces.browser import IDefaultBrowserLayer

import time


class IFlowPage(IDefaultBrowserLayer):
    """A page of the citizen's flow (start, steps, receipt)."""


def focus_on_the_form(request):
    for column in ("plone.leftcolumn", "plone.rightcolumn"):
        request.set(f"disable_{column}", True)
    alsoProvides(request, IFlowPage)


class Nothing(ViewletBase):
    """A viewlet left out of the flow pages."""

    def update(self):
        pass

    def render(self):
        return ""


def per_person_and_minute(method, viewlet):
    """Cache key: the viewlet, its site, language and person, this minute."""
    return (type(viewlet).__name__, viewlet.portal_state.navigation_root_path(),
            viewlet.request.get("LANGUAGE", ""), getSecurityManager().getUser().getId(),
            int(time.time() // 60))


class TopSections(GlobalSectionsViewlet):
    """The global sections, top level only (no dropdown subtrees)."""

    def customize_query(self, query):
        query["path"]["depth"] = 1

    @ram.cache(per_person_and_minute)
    def render_globalnav(self):
        return super().render_globalnav()


class CachedFooter(FooterViewlet):
    """Plone's footer portlets, rendered once a minute per person."""

    @ram.cache(per_person_and_minute)
    def render_footer_portlets(self):
        return super().render_footer_portlets()
