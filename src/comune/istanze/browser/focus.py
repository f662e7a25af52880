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
portlets' markup, the same on every page of a journey, are rendered once
a minute per person and language (an editor's change shows within the
minute), the resource registry's script and style links once a minute for
everyone with the same global roles (:func:`per_site_url_and_minute`). These
are Plone's most expensive viewlet: every page builds the bundles anew and
reads and hashes every bundle file (``webresource``'s cache of the hash lives
on the resource objects, made again for each request).

The public service page (the type page, ``browser/application_type.py``)
gets the same cached links, sections and footer through
:class:`ICachedChrome` (its portlets and document actions stay).
"""

from AccessControl import getSecurityManager
from plone.app.layout.viewlets.common import GlobalSectionsViewlet
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.portlets.browser.viewlets import FooterViewlet
from plone.app.theming.utils import theming_policy
from plone.memoize import ram
from plone.registry.interfaces import IRegistry
from Products.CMFPlone.resources.browser.resource import _RESOURCE_REGISTRY_MTIME
from Products.CMFPlone.resources.browser.resource import REQUEST_CACHE_KEY
from Products.CMFPlone.resources.browser.resource import ScriptsView
from Products.CMFPlone.resources.browser.resource import StylesView
from zope.component import getMultiAdapter
from zope.component import getUtility
from zope.interface import alsoProvides
from zope.publisher.interfaces.browser import IDefaultBrowserLayer

import time


class ICachedChrome(IDefaultBrowserLayer):
    """A page whose resource links, global sections and footer portlets are
    rendered once a minute per person (the service page, the flow pages)."""


class IFlowPage(ICachedChrome):
    """A page of the citizen's flow (start, steps, receipt)."""


def cached_chrome(request):
    alsoProvides(request, ICachedChrome)


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


class CachedSections(GlobalSectionsViewlet):
    """The global sections, rendered once a minute per person (the
    template's condition alone builds the whole tree: the cache is on the
    viewlet's markup). Which section is the current one is marked in the
    browser (Plone's navigation marker pattern), not in the markup."""

    @ram.cache(per_person_and_minute)
    def render(self):
        return super().render()


class TopSections(CachedSections):
    """The global sections, top level only (no dropdown subtrees)."""

    def customize_query(self, query):
        query["path"]["depth"] = 1


class CachedFooter(FooterViewlet):
    """Plone's footer portlets, rendered once a minute per person."""

    @ram.cache(per_person_and_minute)
    def render_footer_portlets(self):
        return super().render_footer_portlets()


def per_site_url_and_minute(method, viewlet):
    """Cache key of the resource links: the site's URL (virtual hosting),
    whether the visitor is logged in and their global roles (what bundle
    expressions look at: Plone's own ask whether a member is logged in), the
    type of the page's object, the theme, the bundles the request enables or
    disables, the time Plone marks the registry changed by a profile import
    or the resource registry's control panel, this minute. Not per person:
    a citizen's first page, the service page, finds the links already
    built."""
    user = getSecurityManager().getUser()
    changed = getattr(getUtility(IRegistry), _RESOURCE_REGISTRY_MTIME, None)
    policy = theming_policy(viewlet.request)
    theme = policy.getCurrentTheme() if policy.isThemeEnabled() else None
    enabled, disabled = viewlet._request_bundles()
    return (viewlet.portal_state.portal_url(), viewlet.portal_state.anonymous(),
            tuple(sorted(user.getRoles())), getattr(viewlet.context, "portal_type", None), theme,
            tuple(sorted(enabled)), tuple(sorted(disabled)), changed, int(time.time() // 60))


class CachedResources:
    """The resource registry's links, built once a minute
    (:func:`per_site_url_and_minute`; shared by the scripts and styles
    viewlets of a page, as Plone's own request cache does)."""

    def update(self):
        rendered = getattr(self.request, REQUEST_CACHE_KEY, None)
        if rendered is None:
            self.portal_state = getMultiAdapter((self.context, self.request), name="plone_portal_state")
            rendered = self.links()
            setattr(self.request, REQUEST_CACHE_KEY, rendered)
        self.rendered = rendered

    @ram.cache(per_site_url_and_minute)
    def links(self):
        super().update()
        return dict(self.rendered)


class CachedScripts(CachedResources, ScriptsView):
    """Plone's script links, cached (:class:`CachedResources`)."""


class CachedStyles(CachedResources, StylesView):
    """Plone's style links, cached (:class:`CachedResources`)."""
