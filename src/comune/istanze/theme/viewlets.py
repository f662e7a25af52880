"""Header and footer of the Designers Italia site model (Comuni)."""

from comune.istanze import _
from plone.app.layout.viewlets.common import ViewletBase
from plone.app.layout.viewlets.toolbar import ToolbarViewletManager
from plone.base.interfaces import ISiteSchema
from plone.registry.interfaces import IRegistry
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getUtility


STATIC = "++plone++comune.istanze.theme"

# The pages every Comune's site must link from the footer (ids of the demo's
# Documents; a Comune creates them with these ids or changes its footer).
LEGAL_PAGES = (
    ("privacy", _("Informativa privacy")),
    ("dichiarazione-di-accessibilita", _("Dichiarazione di accessibilità")),
    ("note-legali", _("Note legali")),
)


def comune_name():
    """The Comune's name (product setting), else the site's title."""
    registry = getUtility(IRegistry)
    return (registry.get("comune.istanze.comune_name")
            or registry.forInterface(ISiteSchema, prefix="plone").site_title)


class ComuneHeader(ViewletBase):
    """The Comune's coat of arms and name, linked to the home page."""

    def update(self):
        super().update()
        self.comune = comune_name()
        self.coat_of_arms = f"{self.site_url}/{STATIC}/stemma.svg"


class LegalFooter(ViewletBase):
    """The Comune's name and the legally required links."""

    def update(self):
        super().update()
        self.comune = comune_name()
        self.coat_of_arms = f"{self.site_url}/{STATIC}/stemma.svg"
        root = self.navigation_root_url
        self.links = [{"href": f"{root}/{page_id}", "title": title}
                      for page_id, title in LEGAL_PAGES]


class AccessibleToolbar(ToolbarViewletManager):
    """Plone's toolbar whose pin/unpin controls are buttons (for every theme).

    Its template draws nothing without «Show Toolbar» (citizens: see
    :mod:`comune.istanze.access`), but Plone would still update every
    toolbar viewlet (content views, actions, state menu) and the personal
    bar first: here nothing is computed for who does not see it.
    """

    custom_template = ViewPageTemplateFile("templates/toolbar.pt")
    visible = True

    def update(self):
        self.visible = self.context_state.is_toolbar_visible()
        if self.visible:
            super().update()

    def render(self):
        return super().render() if self.visible else ""
