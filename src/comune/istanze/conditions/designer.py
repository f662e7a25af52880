"""The editor sets conditions in the form designer (``@@modulo``).

- a field: «Mostra solo se» in plone.schemaeditor's field edit form (an
  IFieldEditorExtender, like the validators);
- a group of fields, which is a whole step for the citizen:
  ``@@modulo/@@condizioni``, one condition per fieldset.

Both are checked against the form before anything is saved
(:func:`comune.istanze.conditions.supermodel.check_condition`): a bad one is
refused with an Italian error naming the field or group and the position.
"""

from comune.istanze import _
from comune.istanze.conditions.supermodel import check_all
from comune.istanze.conditions.supermodel import check_condition
from comune.istanze.conditions.supermodel import ConditionError
from comune.istanze.conditions.supermodel import set_condition
from comune.istanze.conditions.supermodel import stored
from comune.istanze.forms.designer import save_form_model
from comune.istanze.forms.designer import serialize
from comune.istanze.forms.structure import fieldsets
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from Products.statusmessages.interfaces import IStatusMessage
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.interfaces import IField


HELP = _(
    "Lascia vuoto per mostrarlo sempre. Esempi: tipo_richiedente == \"associazione\"; "
    "figli > 0; comune in [\"Firenze\", \"Prato\"]; not (isee >= 30000). Operatori: "
    "== != > >= < <= in and or not; testi tra virgolette, numeri con il punto, date "
    "\"AAAA-MM-GG\". Si possono usare solo campi che vengono prima."
)


class IShowWhenSettings(Interface):
    """«Mostra solo se» of a field, in the designer's field edit form."""

    show_when = schema.TextLine(
        title=_("Mostra solo se"),
        description=HELP,
        required=False,
    )

    @invariant
    def condition_fits_form(data):
        field = getattr(data, "__context__", None)
        if data.show_when and IField.providedBy(field) and field.interface is not None:
            try:
                check_condition(field.interface, "fields", field.__name__, data.show_when)
            except ConditionError as exc:
                raise Invalid(str(exc)) from None


@implementer(IShowWhenSettings)
@adapter(IField)
class ShowWhenSettings:
    def __init__(self, field):
        self.__dict__["field"] = field

    @property
    def show_when(self):
        field = self.field
        return stored(field.interface)["fields"].get(field.__name__) if field.interface else None

    @show_when.setter
    def show_when(self, value):
        set_condition(self.field.interface, "fields", self.field.__name__, value)


def show_when_extender(context, field):
    """plone.schemaeditor field-editor extender of the designer."""
    return IShowWhenSettings


class FieldsetConditionsView(BrowserView):
    """``@@modulo/@@condizioni``: the condition of each group (step)."""

    template = ViewPageTemplateFile("templates/fieldset_conditions.pt")
    error = None

    def __call__(self):
        self.values = dict(stored(self.context.schema)["fieldsets"])
        if self.request.method == "POST" and self.request.form.get("salva"):
            CheckAuthenticator(self.request)
            if self.save():
                return ""
        return self.template()

    def groups(self):
        return [
            {"name": name, "label": label, "input": f"condizione-{name}",
             "value": self.values.get(name, ""), "fields": ", ".join(names)}
            for name, label, names in fieldsets(self.context.schema)
        ]

    def save(self):
        form_schema = self.context.schema  # a fresh copy of this request
        for group in self.groups():
            text = self.request.form.get(group["input"], "")
            self.values[group["name"]] = text if isinstance(text, str) else ""
            set_condition(form_schema, "fieldsets", group["name"], self.values[group["name"]])
        try:
            check_all(form_schema)
        except ConditionError as exc:
            self.error = str(exc)
            return False  # nothing is saved
        type_obj = self.context.application_type()
        save_form_model(type_obj, serialize(form_schema))
        IStatusMessage(self.request).add(_("Condizioni dei gruppi salvate."), type="info")
        self.request.response.redirect(type_obj.absolute_url() + "/@@modulo")
        return True

    def help(self):
        return HELP

    def type_url(self):
        return self.context.application_type().absolute_url()
