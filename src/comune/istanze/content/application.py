"""The citizen's application (istanza).

Every portal type generated from an application type uses :class:`Application`
as its class and the ``comune.istanze.application`` behavior for its
metadata. The answers are the fields of the form version the application was
submitted with, stored as plain attributes (Dexterity's default storage);
they are always rendered with that version's schema.
"""

from comune.istanze.persistence import stored
from comune.istanze import _
from comune.istanze.interfaces import IApplication
from persistent.list import PersistentList
from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import provider


@provider(IFormFieldProvider)
class IApplicationMetadata(model.Schema):
    """Metadata every application carries; never editable through forms.

    All fields are read-only so that neither z3c.form nor the plone.restapi
    deserializer lets a citizen change them: product code sets them.
    """

    model.fieldset(
        "istanza",
        label=_("Dati dell'istanza"),
        fields=[
            "number",
            "form_version",
            "workflow_version",
            "submitted",
            "applicant_id",
            "applicant_name",
            "applicant_email",
            "applicant_kind",
            "beneficiary_id",
            "beneficiary_name",
            "represented_name",
            "represented_tax_id",
            "auth_method",
            "loa",
            "assignee",
        ],
    )
    number = schema.TextLine(title=_("Numero"), required=False, readonly=True)
    form_version = schema.Int(title=_("Versione del modulo"), required=False, readonly=True)
    workflow_version = schema.Int(title=_("Versione del flusso"), required=False, readonly=True)
    submitted = schema.Datetime(title=_("Data di presentazione"), required=False, readonly=True)
    applicant_id = schema.TextLine(title=_("Codice fiscale del richiedente"), required=False, readonly=True)
    applicant_name = schema.TextLine(title=_("Richiedente"), required=False, readonly=True)
    applicant_email = schema.TextLine(title=_("Email del richiedente"), required=False, readonly=True)
    applicant_kind = schema.TextLine(title=_("Presentata"), required=False, readonly=True)
    beneficiary_id = schema.TextLine(title=_("Codice fiscale del beneficiario"), required=False, readonly=True)
    beneficiary_name = schema.TextLine(title=_("Beneficiario"), required=False, readonly=True)
    represented_name = schema.TextLine(title=_("Ente o impresa rappresentata"), required=False, readonly=True)
    represented_tax_id = schema.TextLine(title=_("Codice fiscale / P. IVA rappresentata"), required=False, readonly=True)
    auth_method = schema.TextLine(title=_("Metodo di autenticazione"), required=False, readonly=True)
    loa = schema.TextLine(title=_("Livello di autenticazione"), required=False, readonly=True)
    assignee = schema.TextLine(title=_("Assegnata a"), required=False, readonly=True)
    for _name in ("number", "form_version", "workflow_version", "submitted", "applicant_id", "applicant_name",
                  "applicant_email", "applicant_kind", "beneficiary_id", "beneficiary_name",
                  "represented_name", "represented_tax_id", "auth_method", "loa", "assignee"):
        directives.omitted(_name)
    del _name


@implementer(IApplication, IApplicationMetadata)
class Application(Item):
    """An istanza. Lives inside its application type (an unordered container)."""

    number = None
    sequence = None
    language = "it"  # the language the citizen submitted in: the receipt's
    form_version = None
    definition_version = None  # the type's definition version (exchange/versions.py)
    workflow_version = None  # of the type's workflow: see comune.istanze.workflow.custom
    _workflow_id = None
    submitted = None
    applicant_id = None
    applicant_name = None
    applicant_email = None
    applicant_kind = "self"
    beneficiary_id = None
    beneficiary_name = None
    represented_name = None
    represented_tax_id = None
    representation = None  # who acts for whom: see comune.istanze.representation.model
    auth_method = None
    loa = None
    assignee = None
    predecessor_uid = None  # chained applications (A5): the required earlier one
    predecessor_number = None
    # Names of identity fields locked because they came from SPID/CIE.
    locked_fields = ()
    channel = "online"  # or "sportello": filed at the front desk (frontdesk/)
    frontdesk = None  # operator and identity document of a front-desk application
    _events = None
    _attachments = None

    @property
    def events(self):
        """Per-application event log (messages, integrations, notes...).

        One list per application: concurrent work on *different*
        applications never touches a shared object.
        """
        return stored(self, "_events", PersistentList)

    def _arriving(self):
        """Stored in its type's arrivals, not yet settled (see .arrivals):
        not catalogued until it settles, so the citizen's transaction writes
        no catalog structure."""
        from comune.istanze.content.arrivals import arriving

        return arriving(self.application_type(), self.getId())

    def indexObject(self):
        if not self._arriving():
            super().indexObject()

    def reindexObject(self, idxs=[], update_metadata=1, uid=None):
        if not self._arriving():
            super().reindexObject(idxs=idxs, update_metadata=update_metadata, uid=uid)
        elif idxs == []:
            self.notifyModified()  # as a reindex would: settling catalogs it

    def reindexObjectSecurity(self, skip_self=False):
        if not self._arriving():
            super().reindexObjectSecurity(skip_self=skip_self)

    def application_type(self):
        """The "Tipologia di istanza" this application belongs to."""
        from Acquisition import aq_parent
        from Acquisition import aq_inner

        return aq_parent(aq_inner(self))


def no_key_reference(app):
    """Applications are not registered in the site's intid utility.

    five.intid registers every added object under a key reference ordered by
    OID, and new objects always have the highest OIDs: during a deadline rush
    every submission would insert at the end of the same BTree buckets, a
    stream of ZODB write conflicts. Applications take part in no
    z3c.relationfield relation and no link-integrity check, so they need no
    intid; five.intid skips any object that does not adapt to IKeyReference.
    """
    return None


def no_link_retriever(app):
    """plone.app.linkintegrity skips objects with no IRetriever: answers are
    plain values, never HTML with links, so there is nothing to protect (and
    its handler would otherwise register the application in the intids)."""
    return None
