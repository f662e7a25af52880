"""The editor's content: "Tipologia di istanza".

An application type is a container of the applications submitted to it.
Its form is plone.supermodel XML (``form_model``); publishing the type
freezes that XML as a numbered form version and (re)generates a real
Dexterity FTI (see :mod:`comune.istanze.content.fti`).

The container is *unordered*: a bando deadline means hundreds of
concurrent adds, and an ordered container rewrites one shared order list on
every add (a guaranteed ZODB write conflict).
"""

from Acquisition import aq_base
from BTrees.IOBTree import IOBTree
from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from collective.z3cform.datagridfield.row import DictRow
from comune.istanze.content.arrivals import arriving
from comune.istanze.content.arrivals import SENTINEL
from comune.istanze.fees.fields import IFeeSettings
from comune.istanze.persistence import stored
from comune.istanze import _
from comune.istanze.interfaces import IApplicationType
from datetime import datetime
from plone.app.textfield import RichText
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant

import re


CODE_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")

_marker = object()

EMPTY_MODEL = (
    '<model xmlns="http://namespaces.plone.org/supermodel/schema">\n'
    "  <schema/>\n"
    "</model>\n"
)


class IAttachmentSpec(Interface):
    """One attachment the citizen must (or may) upload."""

    name = schema.TextLine(title=_("Nome dell'allegato"), required=True)
    name_en = schema.TextLine(
        title=_("Nome in inglese"),
        description=_("Per chi sceglie l'inglese; vuoto: il nome italiano."),
        required=False,
    )
    required = schema.Bool(title=_("Obbligatorio"), required=False, default=True)
    mime_types = schema.TextLine(
        title=_("Tipi ammessi"),
        description=_("Estensioni separate da virgola, es. pdf, jpg, png"),
        required=True,
        default="pdf",
    )
    max_size_mb = schema.Int(
        title=_("Dimensione massima (MB)"), required=True, default=10, min=1, max=100
    )
    signature_required = schema.Bool(
        title=_("Firma digitale richiesta"),
        description=_("Il file deve avere una firma digitale valida (CAdES .p7m o PDF PAdES): "
                      "ammetti anche «p7m» tra i tipi."),
        required=False,
        default=False,
    )
    signer_applicant = schema.Bool(
        title=_("Firmatario: il richiedente"),
        description=_("Il codice fiscale del firmatario deve essere quello del richiedente."),
        required=False,
        default=False,
    )


def valid_code(value):
    if not CODE_RE.match(value or ""):
        raise Invalid(
            _(
                "Il codice deve avere da 2 a 10 caratteri: lettere maiuscole e "
                "cifre, iniziando con una lettera (es. CONTAFF)."
            )
        )
    return True


def valid_form_model(value):
    """The form XML follows the form rules (allowed types, reserved names)."""
    from comune.istanze.forms.designer import check_model

    if value:
        check_model(value)
    return True


class IApplicationTypeSchema(IFeeSettings):
    """Fields of a "Tipologia di istanza"."""

    code = schema.TextLine(
        title=_("Codice breve"),
        description=_(
            "Usato nel numero delle istanze (anno-CODICE-progressivo). "
            "Non modificabile dopo la prima pubblicazione."
        ),
        required=True,
        constraint=valid_code,
    )
    office = schema.TextLine(title=_("Ufficio responsabile"), required=True)
    office_email = schema.TextLine(
        title=_("Email dell'ufficio"),
        description=_("Riceve l'avviso di ogni nuova istanza."),
        required=False,
    )
    legal_basis = schema.Text(title=_("Riferimenti normativi"), required=False)
    opening = schema.Datetime(title=_("Apertura presentazione"), required=True)
    closing = schema.Datetime(title=_("Chiusura presentazione"), required=True)
    applicant_kinds = schema.List(
        title=_("Chi può presentare"),
        value_type=schema.Choice(vocabulary="comune.istanze.ApplicantKinds"),
        required=True,
        default=["self"],
    )
    # Named checkboxes (not the in/out widget's two unnamed selects).
    directives.widget("applicant_kinds", CheckBoxFieldWidget)
    min_loa = schema.Choice(
        title=_("Livello minimo di autenticazione"),
        vocabulary="comune.istanze.LevelsOfAssurance",
        required=True,
        default="SpidL2",
    )
    one_per_person = schema.Bool(
        title=_("Una sola istanza per persona"),
        required=False,
        default=False,
    )
    attachments = schema.List(
        title=_("Allegati richiesti"),
        value_type=DictRow(title=_("Allegato"), schema=IAttachmentSpec),
        required=False,
        default=[],
    )
    directives.widget("attachments", DataGridFieldWidgetFactory)
    # One input format: no unnamed "format" select under the editor.
    privacy_notice = RichText(
        title=_("Informativa sul trattamento dei dati"),
        required=True,
        allowed_mime_types=("text/html",),
    )
    classification = schema.TextLine(
        title=_("Classificazione (titolario)"),
        description=_("Codice di classificazione per il protocollo, es. 7.1"),
        required=True,
    )
    retention_years = schema.Int(
        title=_("Conservazione (anni)"), required=True, default=10, min=1, max=999
    )
    processing_days = schema.Int(
        title=_("Giorni previsti per la conclusione"), required=True, default=30, min=1
    )
    survey_enabled = schema.Bool(
        title=_("Questionario di gradimento"), required=False, default=True
    )

    model.fieldset(
        "funding",
        label=_("Graduatoria e risorse"),
        fields=["budget", "grant_amount", "grant_amount_field", "allow_partial"],
    )
    budget = schema.Float(
        title=_("Risorse disponibili (euro)"), required=False, min=0.0,
    )
    grant_amount = schema.Float(
        title=_("Importo concesso a ogni istanza (euro)"),
        description=_("Oppure indica il campo del modulo con l'importo richiesto."),
        required=False, min=0.0,
    )
    grant_amount_field = schema.TextLine(
        title=_("Campo del modulo con l'importo richiesto"), required=False,
    )
    allow_partial = schema.Bool(
        title=_("L'ultima istanza finanziabile può ricevere un importo parziale"),
        required=False, default=False,
    )

    model.fieldset(
        "chain",
        label=_("Istanze collegate"),
        fields=["chain_type_code", "chain_states"],
    )
    chain_type_code = schema.TextLine(
        title=_("Richiede un'istanza della tipologia (codice)"),
        description=_(
            "Es. BANDO: si può presentare solo se lo stesso cittadino ha già "
            "un'istanza di quella tipologia negli stati indicati."
        ),
        required=False,
    )
    chain_states = schema.List(
        title=_("Stati richiesti dell'istanza precedente"),
        value_type=schema.Choice(vocabulary="comune.istanze.ChainStates"),
        required=False,
        default=[],
    )

    model.fieldset(
        "english",
        label=_("Testi in inglese"),
        fields=["title_en", "description_en"],
    )
    title_en = schema.TextLine(
        title=_("Titolo in inglese"),
        description=_("Per i cittadini che scelgono l'inglese; vuoto: il titolo italiano. "
                      "I testi inglesi dei campi e dei passaggi si scrivono nel modulo."),
        required=False,
    )
    description_en = schema.Text(title=_("Descrizione in inglese"), required=False)

    model.fieldset(
        "form",
        label=_("Modulo"),
        fields=["form_model"],
    )
    form_model = schema.SourceText(
        title=_("Modulo (XML plone.supermodel)"),
        description=_(
            "Di solito si progetta con l'editor visuale (scheda 'Modulo'); "
            "si può importare il modello di un modulo collective.easyform."
        ),
        required=False,
        # a factory, not ``default``: zope.schema validates a default when the
        # schema is defined, and parsing a model needs Dexterity's schema policy,
        # which is registered only once ZCML has run (the type's edit-form
        # widget titles import this module while ZCML is being read)
        defaultFactory=lambda: EMPTY_MODEL,
        constraint=valid_form_model,
    )

    @invariant
    def window_is_ordered(data):
        if data.opening and data.closing and data.closing <= data.opening:
            raise Invalid(_("La chiusura deve essere successiva all'apertura."))


@implementer(IApplicationType)
class ApplicationType(Container):
    """Tipologia di istanza; contains its applications (unordered)."""

    _ordering = "unordered"
    # Never look persistent attributes up in __dict__: a ghost has an empty one.
    _form_versions = None
    _workflow_versions = None
    form_model = EMPTY_MODEL
    published_type = None  # portal_type generated on first publication
    chain_type_code = None
    chain_states = ()
    budget = None
    grant_amount = None
    grant_amount_field = None
    allow_partial = False
    fee_when = "none"  # see comune.istanze.fees
    fee_description = fee_amount = fee_iban = fee_postal_iban = fee_category = None
    fee_rules = ()
    fee_due_days = 30
    fee_due_date = None

    _arrivals = None  # new applications not yet settled: see .arrivals

    def _getOb(self, id, default=_marker):
        """Items of the container, then applications still arriving."""
        found = super()._getOb(id, None)
        if found is not None:
            return found
        arrivals = aq_base(self)._arrivals
        if arrivals is not None and id != SENTINEL and id in arrivals:
            return arrivals[id].__of__(self)
        if default is _marker:
            raise AttributeError(id)
        return default

    def __contains__(self, id):
        return super().__contains__(id) or arriving(self, id)

    def has_key(self, id):
        return id in self

    def _delOb(self, id):
        if arriving(self, id):
            del self._arrivals[id]  # never catalogued, never in _tree
            return
        super()._delOb(id)

    @property
    def form_versions(self):
        """Frozen form XML by version number (1, 2, ...)."""
        return stored(self, "_form_versions", IOBTree)

    @property
    def workflow_versions(self):
        """Workflow definitions (our XML) by version number: see
        :mod:`comune.istanze.workflow.custom`."""
        return stored(self, "_workflow_versions", IOBTree)

    @property
    def current_form_version(self):
        versions = aq_base(self)._form_versions
        if not versions:
            return 0
        return versions.maxKey()

    def is_open(self, when=None):
        """True when applications are accepted at ``when`` (naive local time)."""
        when = when or datetime.now()
        opening, closing = _naive(self.opening), _naive(self.closing)
        if opening is None or closing is None:
            return False
        return opening <= when <= closing


def _naive(value):
    if value is not None and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value
