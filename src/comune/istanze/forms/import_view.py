"""``<type>/@@importa-easyform``: start a form from a collective.easyform one.

The editor pastes or uploads the ``fields_model`` XML, or picks an EasyForm
of the site. "Anteprima" shows the conversion report; "Importa" replaces
the type's form with the converted one. Invalid XML stores nothing.
"""

from comune.istanze import _
from comune.istanze.content.fti import FormModelError
from comune.istanze.forms.designer import save_form_model
from comune.istanze.forms.easyform_import import convert_easyform
from plone import api
from plone.z3cform.layout import FormWrapper
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from z3c.form import button
from z3c.form import field
from z3c.form import form
from zope import schema
from zope.interface import Interface
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


@provider(IVocabularyFactory)
def easyforms_vocabulary(context=None):
    """EasyForm objects the user can see (catalog metadata only)."""
    brains = api.content.find(portal_type="EasyForm", sort_on="sortable_title")
    return SimpleVocabulary(
        [SimpleTerm(b.UID, b.UID, f"{b.Title} ({b.getPath()})") for b in brains]
    )


class IEasyFormImport(Interface):
    easyform = schema.Choice(
        title=_("Modulo EasyForm del sito"),
        vocabulary="comune.istanze.EasyForms",
        required=False,
    )
    upload = schema.Bytes(
        title=_("File XML del modello dei campi"),
        description=_("Il file 'fields_model' esportato da collective.easyform."),
        required=False,
    )
    source = schema.Text(
        title=_("XML del modello dei campi"),
        description=_("In alternativa, incolla qui il 'fields_model' del modulo."),
        required=False,
    )


class EasyFormImportForm(form.Form):
    fields = field.Fields(IEasyFormImport)
    ignoreContext = True
    label = _("Importa un modulo collective.easyform")
    description = _(
        "Il modulo importato sostituisce quello attuale della tipologia. "
        "Le impostazioni proprie di easyform vengono convertite o omesse: "
        "l'anteprima mostra ogni cambiamento."
    )
    result = None
    imported = False

    def _source(self, data):
        given = [k for k in ("easyform", "upload", "source") if data.get(k)]
        if len(given) != 1:
            self.status = _(
                "Indica una sola fonte: un modulo del sito, un file oppure l'XML incollato."
            )
            return None
        if given[0] == "easyform":
            brains = api.content.find(UID=data["easyform"], portal_type="EasyForm")
            if not brains:
                self.status = _("Il modulo EasyForm scelto non è disponibile.")
                return None
            return brains[0].getObject().fields_model or ""
        value = data[given[0]]
        if isinstance(value, bytes):
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                self.status = _("Il file non è un XML in UTF-8.")
                return None
        return value

    def _convert(self):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return None
        source = self._source(data)
        if source is None:
            return None
        try:
            self.result = convert_easyform(source)
        except FormModelError as exc:
            self.status = exc.args[0]
            return None
        return self.result

    @button.buttonAndHandler(_("Anteprima"), name="anteprima")
    def handle_preview(self, action):
        if self._convert() is not None:
            self.status = _("Anteprima: il modulo non è ancora stato importato.")

    @button.buttonAndHandler(_("Importa"), name="importa")
    def handle_import(self, action):
        result = self._convert()
        if result is None:
            return
        save_form_model(self.context, result.xml)
        self.imported = True
        self.status = _(
            "Modulo importato: ${count} campi.", mapping={"count": len(result.kept)}
        )


class EasyFormImportView(FormWrapper):
    form = EasyFormImportForm
    index = ViewPageTemplateFile("templates/easyform_import.pt")
