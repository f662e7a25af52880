"""The fee of an application type: a small declarative model, never code.

Editorial staff describe a fee with plain data (the type's "Pagamento
pagoPA" fields, see :mod:`.fields`):

* a fixed part (``amount``, euro), and rows of three kinds:
* ``fixed``: a further fixed part (e.g. "diritti di segreteria");
* ``range``: for a numeric answer ``field``, the row whose
  ``minimum <= value < maximum`` (an empty maximum: no upper bound) adds
  its ``amount``; ranges of one field must not overlap;
* ``option``: for a choice answer ``field``, the row whose ``option``
  equals the answer (or is among the answers, for a multiple choice) adds
  its ``amount``.

The amount due is the sum, in euro cents. Nothing here evaluates text: an
answer is only compared with numbers and options the staff wrote.
:func:`check_definition` refuses a bad definition with an Italian message;
:func:`amount_due` computes the amount from the answers.
"""

from comune.istanze import _
from decimal import Decimal
from decimal import InvalidOperation
from stdnum import iban as stdnum_iban
from zope.interface import Invalid

import re


NONE, AT_SUBMISSION, AFTER_ACCEPTANCE = "none", "submission", "acceptance"
WHEN = (NONE, AT_SUBMISSION, AFTER_ACCEPTANCE)
KINDS = ("fixed", "range", "option")
IBAN_RE = re.compile(r"^IT\d{2}[A-Z]\d{10}[0-9A-Z]{12}$")
# Tassonomia dei servizi di incasso: "<tipo ente>/<codice>/" (e.g. 9/0101108TS/).
CATEGORY_RE = re.compile(r"^\d{1,2}/[0-9A-Z]{5,20}/$")
MAX_CENTS = 99_999_999_99


class FeeRuleError(Invalid):
    """A fee definition that cannot be used (Italian message)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def cents(value, what=None):
    """Euro (number or text with , or .) as integer cents; FeeRuleError if not."""
    if value in (None, ""):
        return 0
    try:
        euro = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise FeeRuleError(_("Importo non valido: «${value}».", mapping={"value": value}))
    if euro < 0 or euro != euro.quantize(Decimal("0.01")):
        raise FeeRuleError(_("Importo non valido: «${value}» (euro, al massimo due decimali, "
                             "non negativo).", mapping={"value": value}))
    return int(euro * 100)


def valid_iban(iban):
    """An Italian IBAN (bank or postal) with the right ISO 13616 check digits."""
    return bool(IBAN_RE.match(iban or "")) and stdnum_iban.is_valid(iban)


def _number(value):
    try:
        return Decimal(str(value).replace(",", ".").strip())
    except (InvalidOperation, AttributeError):
        return None


def _row_label(n, row):
    return f"{n} ({row.get('kind') or '?'}{', ' + row['field'] if row.get('field') else ''})"


def check_rows(rows, fields=None):
    """Refuse unknown kinds, missing names or bounds, overlapping ranges.

    ``fields`` maps answer names to "number" or "choice" (the form's fields
    usable in rules); ``None`` skips the check of names.
    """
    ranges = {}
    for n, row in enumerate(rows or (), start=1):
        label = _row_label(n, row)
        kind = row.get("kind")
        if kind not in KINDS:
            raise FeeRuleError(_("Regola ${row}: tipo non previsto (fisso, fascia o opzione).",
                                 mapping={"row": label}))
        cents(row.get("amount"))
        if kind == "fixed":
            continue
        name = (row.get("field") or "").strip()
        if not name:
            raise FeeRuleError(_("Regola ${row}: indica il campo del modulo.",
                                 mapping={"row": label}))
        wanted = "number" if kind == "range" else "choice"
        if fields is not None and fields.get(name) != wanted:
            raise FeeRuleError(_(
                "Regola ${row}: il modulo non ha un campo «${field}» adatto "
                "(una fascia vuole un campo numerico, un'opzione un campo a scelta).",
                mapping={"row": label, "field": name}))
        if kind == "option":
            if not (row.get("option") or "").strip():
                raise FeeRuleError(_("Regola ${row}: indica l'opzione.", mapping={"row": label}))
            continue
        low, high = _number(row.get("minimum") or 0), row.get("maximum")
        high = None if high in (None, "") else _number(high)
        if low is None or (row.get("maximum") not in (None, "") and high is None):
            raise FeeRuleError(_("Regola ${row}: estremi della fascia non validi.",
                                 mapping={"row": label}))
        if high is not None and high <= low:
            raise FeeRuleError(_("Regola ${row}: il massimo deve superare il minimo.",
                                 mapping={"row": label}))
        for other_low, other_high in ranges.get(name, []):
            if (high is None or other_low < high) and (other_high is None or low < other_high):
                raise FeeRuleError(_("Regola ${row}: la fascia si sovrappone a un'altra dello "
                                     "stesso campo.", mapping={"row": label}))
        ranges.setdefault(name, []).append((low, high))


def check_definition(definition, fields=None):
    """Refuse a fee definition (dict, see :func:`.fields.definition_of`)."""
    if definition.get("when", NONE) not in WHEN:
        raise FeeRuleError(_("Momento del pagamento non previsto."))
    if definition.get("when", NONE) == NONE:
        return
    if not (definition.get("description") or "").strip():
        raise FeeRuleError(_("Indica la causale del pagamento."))
    cents(definition.get("amount"))
    check_rows(definition.get("rules"), fields)
    iban = (definition.get("iban") or "").replace(" ", "").upper()
    postal = (definition.get("postal_iban") or "").replace(" ", "").upper()
    if bool(iban) == bool(postal):
        raise FeeRuleError(_("Indica il conto del Comune: un IBAN bancario oppure l'IBAN del "
                             "conto corrente postale (uno solo)."))
    if not valid_iban(iban or postal):
        raise FeeRuleError(_("IBAN non valido: «${iban}».", mapping={"iban": iban or postal}))
    if not CATEGORY_RE.match((definition.get("category") or "").strip()):
        raise FeeRuleError(_("Codice di tassonomia non valido: «${value}» (es. 9/0101108TS/).",
                             mapping={"value": definition.get("category") or ""}))
    if not definition.get("due_date") and not (definition.get("due_days") or 0) > 0:
        raise FeeRuleError(_("Indica la scadenza: una data o i giorni dalla presentazione."))


def _matches_option(answer, option):
    if isinstance(answer, (list, tuple, set, frozenset)):
        return option in {str(a) for a in answer}
    return answer is not None and str(answer) == option


def amount_due(definition, answers):
    """Euro cents due for ``answers`` (a mapping name -> answer) under
    ``definition``; 0 when nothing is due."""
    if not definition or definition.get("when", NONE) == NONE:
        return 0
    total = cents(definition.get("amount"))
    for row in definition.get("rules") or ():
        kind, name = row.get("kind"), (row.get("field") or "").strip()
        if kind == "fixed":
            total += cents(row.get("amount"))
        elif kind == "option":
            if _matches_option(answers.get(name), (row.get("option") or "").strip()):
                total += cents(row.get("amount"))
        elif kind == "range":
            value = answers.get(name)
            value = None if isinstance(value, bool) or value is None else _number(value)
            if value is None:
                continue
            low, high = _number(row.get("minimum") or 0), row.get("maximum")
            high = None if high in (None, "") else _number(high)
            if low <= value and (high is None or value < high):
                total += cents(row.get("amount"))
    if total > MAX_CENTS:
        raise FeeRuleError(_("L'importo calcolato supera il massimo ammesso."))
    return total
