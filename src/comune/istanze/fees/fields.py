"""The "Pagamento pagoPA" fields of an application type, and their versions.

Editorial staff fill them in the type's edit form (or through REST where the
type is edited): when the fee is due, its causale, the fixed part, the rule
rows (:mod:`.rules`), the due date and the Comune's account with the taxonomy
code. The definition is frozen with the form (see
:func:`comune.istanze.content.fti.freeze_form_version`): an application keeps
the fee of the version it was created with (:func:`fee_of`).
"""

from Acquisition import aq_base
from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from collective.z3cform.datagridfield.row import DictRow
from comune.istanze import _
from comune.istanze.fees.rules import check_definition
from comune.istanze.fees.rules import FeeRuleError
from comune.istanze.fees.rules import NONE
from comune.istanze.fees.transfers import check_transfers
from comune.istanze.fees.transfers import normalised
from plone.autoform import directives
from plone.supermodel import model
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


FEE_FIELDS = ("fee_when", "fee_description", "fee_amount", "fee_rules", "fee_due_days",
              "fee_due_date", "fee_iban", "fee_postal_iban", "fee_category", "fee_transfers")
WHEN_TITLES = {NONE: _("Nessun pagamento"), "submission": _("Alla presentazione («Paga e invia»)"),
               "acceptance": _("Dopo l'accoglimento")}
KIND_TITLES = {"fixed": _("Quota fissa"), "range": _("Fascia di un valore numerico"),
               "option": _("Opzione di una scelta")}


def _vocabulary(titles):
    return SimpleVocabulary([SimpleTerm(k, k, v) for k, v in titles.items()])


class IFeeRule(Interface):
    """One row of the amount table."""

    kind = schema.Choice(title=_("Tipo"), vocabulary=_vocabulary(KIND_TITLES), required=True,
                         default="fixed")
    field = schema.TextLine(title=_("Campo del modulo"), required=False)
    minimum = schema.TextLine(title=_("Da (incluso)"), required=False)
    maximum = schema.TextLine(title=_("A (escluso)"), required=False)
    option = schema.TextLine(title=_("Opzione"), required=False)
    amount = schema.TextLine(title=_("Importo (euro)"), required=True)


class IFeeTransfer(Interface):
    """One further transfer (versamento) of the amount: see :mod:`.transfers`."""

    fiscal_code = schema.TextLine(title=_("Codice fiscale dell'ente (vuoto: il Comune)"),
                                  required=False)
    amount = schema.TextLine(title=_("Quota fissa (euro)"), required=False)
    percent = schema.TextLine(title=_("Oppure percentuale (%)"), required=False)
    iban = schema.TextLine(title=_("IBAN"), required=False)
    postal_iban = schema.TextLine(title=_("Oppure IBAN postale"), required=False)
    category = schema.TextLine(title=_("Codice di tassonomia"), required=True)
    remittance = schema.TextLine(title=_("Causale del versamento"), required=False)


class IFeeSettings(model.Schema):
    """The fee fields, a fieldset of the type's schema."""

    model.fieldset("fee", label=_("Pagamento pagoPA"), fields=list(FEE_FIELDS))
    fee_when = schema.Choice(title=_("Quando si paga"), vocabulary=_vocabulary(WHEN_TITLES),
                             required=True, default=NONE)
    fee_description = schema.TextLine(title=_("Causale"), required=False)
    fee_amount = schema.TextLine(
        title=_("Importo fisso (euro)"),
        description=_("Si somma agli importi delle regole; vuoto o 0 se tutto dipende dalle "
                      "regole."), required=False)
    fee_rules = schema.List(
        title=_("Regole dell'importo"),
        description=_("Quote fisse, fasce di un campo numerico (da incluso, a escluso) e "
                      "opzioni di un campo a scelta: si sommano le righe che corrispondono."),
        value_type=DictRow(title=_("Regola"), schema=IFeeRule), required=False, default=[])
    directives.widget("fee_rules", DataGridFieldWidgetFactory)
    fee_due_days = schema.Int(title=_("Scadenza: giorni dalla presentazione"), required=False,
                              default=30, min=1, max=3650)
    fee_due_date = schema.Date(title=_("Scadenza: data fissa"),
                               description=_("Se indicata prevale sui giorni."), required=False)
    fee_iban = schema.TextLine(title=_("IBAN del Comune"), required=False)
    fee_postal_iban = schema.TextLine(title=_("IBAN del conto corrente postale del Comune"),
                                      required=False)
    fee_category = schema.TextLine(
        title=_("Codice di tassonomia dei servizi di incasso"),
        description=_("Es. 9/0101108TS/ (dalla tassonomia pagoPA)."), required=False)

    fee_transfers = schema.List(
        title=_("Altri versamenti"),
        description=_("Fino a 4 conti oltre a quello del Comune indicato sopra (anche di altri "
                      "enti), ciascuno con una quota fissa in euro oppure una percentuale "
                      "dell'importo e il proprio codice di tassonomia: il resto dell'importo "
                      "va al conto del Comune."),
        value_type=DictRow(title=_("Versamento"), schema=IFeeTransfer), required=False,
        default=[])
    directives.widget("fee_transfers", DataGridFieldWidgetFactory)

    @invariant
    def fee_is_valid(data):
        try:
            definition = definition_of(data)
            check_definition(definition, rule_fields(getattr(data, "form_model", "")))
            if definition["when"] != NONE:
                check_transfers(definition)
        except FeeRuleError as exc:
            raise Invalid(exc.message)


def definition_of(obj):
    """The fee definition (plain dict) of a type or of form data."""
    get = lambda name, default=None: getattr(obj, name, default)  # noqa: E731
    return {
        "when": get("fee_when") or NONE,
        "description": (get("fee_description") or "").strip(),
        "amount": (get("fee_amount") or "").strip() if isinstance(get("fee_amount"), str)
        else get("fee_amount"),
        "rules": [dict(r) for r in get("fee_rules") or ()],
        "due_days": get("fee_due_days"),
        "due_date": get("fee_due_date"),
        "iban": (get("fee_iban") or "").replace(" ", "").upper(),
        "postal_iban": (get("fee_postal_iban") or "").replace(" ", "").upper(),
        "category": (get("fee_category") or "").strip(),
        "transfers": [normalised(r) for r in get("fee_transfers") or ()],
    }


def rule_fields(xml):
    """Answer names usable in rules: {name: "number"|"choice"}; None when
    the form cannot be read (its own validation reports that)."""
    from comune.istanze.content.fti import parse_model
    from zope.schema.interfaces import IChoice
    from zope.schema.interfaces import ICollection
    from zope.schema.interfaces import IDecimal
    from zope.schema.interfaces import IFloat
    from zope.schema.interfaces import IInt

    if not xml:
        return {}
    try:
        model_ = parse_model(xml)
    except Exception:
        return None
    found = {}
    for sch in model_.schemata.values():
        for name in sch.names(all=True):
            field = sch[name]
            if IInt.providedBy(field) or IFloat.providedBy(field) or IDecimal.providedBy(field):
                found[name] = "number"
            elif IChoice.providedBy(field) or (ICollection.providedBy(field) and IChoice.providedBy(
                    getattr(field, "value_type", None))):
                found[name] = "choice"
    return found


def fee_info(type_obj):
    """The current fee definition for REST clients (``@istanze-tipologie``),
    None when the type asks for no payment."""
    fee = definition_of(type_obj)
    if fee["when"] == NONE:
        return None
    due = fee["due_date"]
    return {**fee, "due_date": due.isoformat() if due else None}


def fee_versions(type_obj):
    """Frozen fee definitions by form version (same keys as form_versions)."""
    from BTrees.IOBTree import IOBTree
    from comune.istanze.persistence import stored

    return stored(type_obj, "_fee_versions", IOBTree)


def frozen_fee(type_obj, version):
    versions = getattr(aq_base(type_obj), "_fee_versions", None)
    return dict(versions[version]) if versions is not None and version in versions else None


def fee_of(app):
    """The fee definition an application was created with (None: no fee)."""
    definition = frozen_fee(app.application_type(), app.form_version or 0)
    if not definition or definition.get("when", NONE) == NONE:
        return None
    return definition


def is_due_at_submission(app):
    fee = fee_of(app)
    return fee is not None and fee["when"] == "submission"

