"""Through-the-web form designer of an application type (``@@modulo``).

Built on plone.schemaeditor exactly as collective.easyform does: the view
is a schema context whose schema is loaded from the type's ``form_model``;
every change of the schemaeditor views fires ``ISchemaModifiedEvent``,
which serialises the schema back into ``form_model`` and fires
``ObjectModifiedEvent`` on the type (a published type then freezes a new
form version and updates its FTI, see :mod:`comune.istanze.content.fti`).
"""

from Acquisition import aq_inner
from Acquisition import aq_parent
from comune.istanze import _
from comune.istanze.content.application import IApplicationMetadata
from comune.istanze.content.fti import FormModelError
from comune.istanze.content.fti import parse_model
from comune.istanze.forms.interfaces import IFormDesigner
from comune.istanze.forms.interfaces import IFormDesignerField
from lxml import etree
from plone.schemaeditor.browser.field.traversal import FieldContext
from plone.schemaeditor.browser.schema.add_field import FieldAddForm
from plone.schemaeditor.browser.schema.add_field import FieldAddFormPage
from plone.schemaeditor.browser.schema.listing import SchemaListing
from plone.schemaeditor.browser.schema.listing import SchemaListingPage
from plone.schemaeditor.browser.schema.traversal import SchemaContext
from plone.schemaeditor.interfaces import RESERVED_NAMES
from plone.supermodel import serializeSchema
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from z3c.form import button
from z3c.form.interfaces import WidgetActionExecutionError
from zope.event import notify
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Invalid
from zope.lifecycleevent import ObjectModifiedEvent
from zope.schema import getFieldNames
from ZPublisher.BaseRequest import DefaultPublishTraverse

import re
import transaction


EMPTY_DESCRIPTION = re.compile(r"\n\s*<description/>")
MODEL_TAG = "{http://namespaces.plone.org/supermodel/schema}model"

#: plone.schemaeditor field factories editors may use.
ALLOWED_FIELDS = (
    "zope.schema._bootstrapfields.TextLine",
    "zope.schema._bootstrapfields.Text",
    "zope.schema._field.Choice",
    "zope.schema._field.Set",
    "zope.schema._field.Date",
    "zope.schema._field.Datetime",
    "zope.schema._bootstrapfields.Int",
    "zope.schema._field.Float",
    "zope.schema._bootstrapfields.Bool",
    "plone.namedfile.field.NamedBlobFile",
)

#: Names a form field cannot take: the application's own attributes.
RESERVED = (
    frozenset(getFieldNames(IApplicationMetadata))
    | frozenset(RESERVED_NAMES)
    | {
        "id",
        "title",
        "description",
        "sequence",
        "locked_fields",
        "portal_type",
        "creators",
        "attachments",
        "events",
    }
)


def field_type_id(field):
    return f"{type(field).__module__}.{type(field).__name__}"


def parse_xml(xml):
    """The lxml tree of ``xml``: no DTD, no entities, no network.

    Raises :class:`FormModelError` with an Italian message.
    """
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_pis=True, load_dtd=False
    )
    try:
        root = etree.fromstring(
            xml.encode("utf-8") if isinstance(xml, str) else xml, parser
        )
    except etree.XMLSyntaxError as exc:
        raise FormModelError(
            _("Il testo non è XML ben formato: ${error}", mapping={"error": str(exc)})
        ) from None
    if root.getroottree().docinfo.doctype:
        raise FormModelError(
            _("Il modulo non può contenere una dichiarazione DOCTYPE.")
        )
    if root.tag != MODEL_TAG:
        raise FormModelError(
            _(
                "L'elemento principale deve essere <model> del namespace plone.supermodel."
            )
        )
    return root


def check_model(xml):
    """Parse ``xml`` and check the form rules; returns the model.

    Raises :class:`FormModelError` with an Italian message.
    """
    parse_xml(xml)
    model = parse_model(xml)
    for schema in model.schemata.values():
        for name in schema.names(all=True):
            field = schema[name]
            if field_type_id(field) not in ALLOWED_FIELDS:
                raise FormModelError(
                    _(
                        "Il campo '${name}' è di un tipo non ammesso nei moduli: ${type}.",
                        mapping={"name": name, "type": type(field).__name__},
                    )
                )
            if name in RESERVED:
                raise FormModelError(
                    _(
                        "Il nome '${name}' è riservato: scegli un altro nome per il campo.",
                        mapping={"name": name},
                    )
                )
    return model


def save_form_model(type_obj, xml):
    """Check and store ``xml`` as the form of ``type_obj``; nothing on error."""
    model = check_model(xml)
    if xml == type_obj.form_model or _same_form(model, type_obj.form_model):
        return False  # e.g. "Salva" without changes: no new form version
    type_obj.form_model = xml
    notify(ObjectModifiedEvent(type_obj))
    return True


def _same_form(model, other_xml):
    """True when ``other_xml`` serialises to the same form as ``model``."""
    try:
        other = parse_model(other_xml)
    except FormModelError:
        return False
    return serialize(other.schema) == serialize(model.schema)


def serialize(schema):
    """Supermodel XML of ``schema``, without the empty descriptions that the
    field edit form leaves (they would make a new version of nothing)."""
    return EMPTY_DESCRIPTION.sub("", serializeSchema(schema))


@implementer(IFormDesignerField)
class DesignerField(FieldContext):
    """A field of the designer."""


@implementer(IFormDesigner)
class FormDesigner(SchemaContext):
    """``<type>/@@modulo``: the type's form as a plone.schemaeditor schema."""

    allowedFields = ALLOWED_FIELDS
    enableFieldsets = True
    showSaveDefaults = True

    def __init__(self, context, request):
        schema = parse_model(context.form_model).schema
        super().__init__(schema, request, name="@@modulo", title=_("Modulo"))
        self.label = _("Modulo: ${title}", mapping={"title": context.Title()})

    def publishTraverse(self, request, name):
        try:
            return DesignerField(self.schema[name], self.request).__of__(self)
        except KeyError:
            return DefaultPublishTraverse(self, request).publishTraverse(request, name)

    def browserDefault(self, request):
        return self, ("@@listing",)

    def application_type(self):
        return aq_parent(aq_inner(self))


def on_schema_modified(designer, event):
    """Serialise the designer's schema into the type's ``form_model``.

    A change the form rules refuse (e.g. deleting or moving a field that a
    condition of ``istanze:show-when`` reads) saves nothing: the transaction
    is doomed and the editor reads the Italian reason on the next page.
    """
    try:
        save_form_model(designer.application_type(), serialize(designer.schema))
    except FormModelError as exc:
        transaction.doom()
        request = designer.REQUEST
        IStatusMessage(request).add(translate(exc.args[0], context=request), type="error")


class DesignerListing(SchemaListing):
    # Keep "Save Defaults"; "Done" is replaced (it would reload the listing).
    buttons = SchemaListing.buttons.omit("done")
    handlers = SchemaListing.handlers.copy()

    @button.buttonAndHandler(_("Fatto"), name="fatto")
    def handle_done(self, action):
        type_obj = self.context.application_type()
        self.request.response.redirect(type_obj.absolute_url())

    @button.buttonAndHandler(_("Modifica l'XML"), name="xml")
    def handle_xml(self, action):
        type_obj = self.context.application_type()
        self.request.response.redirect(type_obj.absolute_url() + "/@@modulo-xml")


class DesignerListingPage(SchemaListingPage):
    form = DesignerListing
    index = ViewPageTemplateFile("templates/designer.pt")

    def type_url(self):
        return self.context.application_type().absolute_url()


class DesignerFieldAddForm(FieldAddForm):
    """plone.schemaeditor's add form refusing the reserved names."""

    def add(self, new_field):
        if new_field.__name__ in RESERVED:
            raise WidgetActionExecutionError(
                "__name__",
                Invalid(
                    _(
                        "Il nome '${name}' è riservato: scegli un altro nome per il campo.",
                        mapping={"name": new_field.__name__},
                    )
                ),
            )
        return super().add(new_field)


class DesignerFieldAddPage(FieldAddFormPage):
    form = DesignerFieldAddForm
