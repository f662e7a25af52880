"""The copy-paste snippets shown to editors on the type's page, and the control panel."""

from comune.istanze import _
from comune.istanze.embed.headers import PREFIX
from comune.istanze.embed.interfaces import IEmbedSettings
from comune.istanze.embed.views import EMBED_VIEW
from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from xml.sax.saxutils import quoteattr


def snippets(type_obj) -> dict:
    """``{"iframe": ..., "script": ...}``: the two ways to embed ``type_obj``."""
    url = type_obj.absolute_url()
    script = api.portal.get().absolute_url() + "/@@incorpora.js"
    title = quoteattr(type_obj.Title())
    return {
        "iframe": (
            f'<iframe src="{url}/{EMBED_VIEW}" title={title} loading="lazy" '
            f'style="width:100%;border:0;min-height:20rem"></iframe>\n'
            f'<script src="{script}" async></script>'
        ),
        "script": f'<script src="{script}" data-tipologia="{url}" data-titolo={title} async></script>',
    }


class SnippetViewlet(ViewletBase):
    """Above the type's page, for who may edit it: how to embed the form."""

    index = ViewPageTemplateFile("templates/snippet.pt")

    def available(self):
        return api.user.has_permission("Modify portal content", obj=self.context)

    def snippets(self):
        return snippets(self.context)

    def origins(self):
        from comune.istanze.embed.headers import allowed_origins

        return allowed_origins()


class EmbedSettingsForm(RegistryEditForm):
    schema = IEmbedSettings
    schema_prefix = PREFIX
    label = _("Incorporamento dei moduli in altri siti")
    description = _(
        "I siti elencati possono mostrare in un iframe la pagina incorporabile delle tipologie "
        "(«@@incorpora»). Ogni altra pagina resta non incorporabile."
    )


class EmbedSettingsPanel(ControlPanelFormWrapper):
    form = EmbedSettingsForm
