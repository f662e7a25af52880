"""``istanze:anpr``: the form field filled from ANPR.

``<field name="indirizzo" type="zope.schema.TextLine"
istanze:anpr="residenza.indirizzo">`` marks the field: when a citizen who
logged in with SPID/CIE/CNS starts a draft, the field is filled with that
datum of the citizen from ANPR (:mod:`.data` lists the data). The value
``famiglia.componente`` marks the field holding the codice fiscale of a
family member, checked in the applicant's stato di famiglia when the type's
rule asks for it. The marks live in the schema's tagged value
:data:`ANPR_KEY` ({field name: datum}); the editor sets them in the form
designer (field edit form, "Dato da ANPR") and parse -> serialise keeps
them. An unknown datum (e.g. written by a newer version) is kept as is.
"""

from comune.istanze import _
from comune.istanze.forms.interfaces import IFormDesigner
from comune.istanze.forms.interfaces import NAMESPACE
from comune.istanze.forms.interfaces import PREFIX
from plone.supermodel.interfaces import IFieldMetadataHandler
from plone.supermodel.utils import ns
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface
from zope.schema.interfaces import IField


ANPR_KEY = "comune.istanze.anpr"
ATTRIBUTE = "anpr"


def marks(schema_iface):
    """{field name: datum} of ``schema_iface``."""
    return dict(schema_iface.queryTaggedValue(ANPR_KEY, {}) or {})


def set_mark(schema_iface, name, datum):
    data = marks(schema_iface)
    if datum:
        data[name] = datum
    else:
        data.pop(name, None)
    schema_iface.setTaggedValue(ANPR_KEY, data)


@implementer(IFieldMetadataHandler)
class ANPRMetadataHandler:
    namespace = NAMESPACE
    prefix = PREFIX

    def read(self, fieldNode, schema_iface, field):
        datum = (fieldNode.get(ns(ATTRIBUTE, self.namespace)) or "").strip()
        if datum:
            set_mark(schema_iface, field.__name__, datum)

    def write(self, fieldNode, schema_iface, field):
        datum = marks(schema_iface).get(field.__name__)
        if datum:
            fieldNode.set(ns(ATTRIBUTE, self.namespace), datum)


class IANPRFieldSettings(Interface):
    """The designer's field edit form: which ANPR datum fills the field."""

    anpr = schema.Choice(
        title=_("Dato da ANPR"),
        description=_("Il campo viene compilato con questo dato dell'Anagrafe nazionale "
                      "quando il cittadino accede con SPID, CIE o CNS; il cittadino vede "
                      "che il valore viene da ANPR."),
        vocabulary="comune.istanze.ANPRData",
        required=False,
    )


@implementer(IANPRFieldSettings)
@adapter(IField)
class ANPRFieldSettings:
    def __init__(self, field):
        self.__dict__["field"] = field

    @property
    def anpr(self):
        iface = self.field.interface
        return marks(iface).get(self.field.__name__) if iface else None

    @anpr.setter
    def anpr(self, value):
        if self.field.interface is not None:
            set_mark(self.field.interface, self.field.__name__, value)


@adapter(IFormDesigner, IField)
def anpr_settings_extender(context, field):
    return IANPRFieldSettings
