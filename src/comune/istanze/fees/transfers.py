"""How a fee's amount is split among transfers (versamenti, GPD ``transfer``).

A pagoPA payment goes to at most 5 accounts. The fee's own account (IBAN or
postal IBAN of the Comune with its taxonomy code) is transfer 1; staff may
add up to 4 more rows (``fee_transfers``), each for an account of the Comune
or of another body (its fiscal code: e.g. the Province's environmental
levy, a stamp-duty share) with its own taxonomy code and a share that is
**either a fixed amount in euro or a percentage** of the amount due. Transfer
1 receives the remainder, so the transfers always add up to the amount, to
the cent, whatever the answers made it:

* a percentage share is rounded down to the cent (never more than its
  percentage), the rounding goes to transfer 1;
* a share that comes to 0 cents (a tiny amount) is left out: GPD wants at
  least 1 cent per transfer;
* :func:`check_transfers` refuses fixed shares that could leave transfer 1
  nothing: they must stay below the fee's fixed part (amount plus fixed
  rows), the least the answers can make it; percentages must stay below
  100% in total.
"""

from comune.istanze import _
from comune.istanze.fees.rules import CATEGORY_RE
from comune.istanze.fees.rules import cents
from comune.istanze.fees.rules import FeeRuleError
from comune.istanze.fees.rules import valid_iban
from decimal import Decimal
from decimal import InvalidOperation
from decimal import ROUND_DOWN

import re


MAX_TRANSFERS = 5
FISCAL_CODE_RE = re.compile(r"^\d{11}$")


def account_of(row, label):
    """``{"iban": ...}`` or ``{"postal_iban": ...}`` of a row; FeeRuleError."""
    iban = (row.get("iban") or "").replace(" ", "").upper()
    postal = (row.get("postal_iban") or "").replace(" ", "").upper()
    if bool(iban) == bool(postal):
        raise FeeRuleError(_("${row}: indica un IBAN bancario oppure l'IBAN di un conto "
                             "corrente postale (uno solo).", mapping={"row": label}))
    if not valid_iban(iban or postal):
        raise FeeRuleError(_("${row}: IBAN non valido: «${iban}».",
                             mapping={"row": label, "iban": iban or postal}))
    return {"postal_iban": postal} if postal else {"iban": iban}


def percent(value, label):
    """A percentage 0 < p < 100 (text with , or .), as Decimal; FeeRuleError."""
    try:
        number = Decimal(str(value).replace(",", ".").replace("%", "").strip())
    except InvalidOperation:
        number = None
    if number is None or not 0 < number < 100 or number != number.quantize(Decimal("0.01")):
        raise FeeRuleError(_("${row}: percentuale non valida: «${value}» (maggiore di 0, "
                             "minore di 100, al massimo due decimali).",
                             mapping={"row": label, "value": value}))
    return number


def _label(n):
    return f"Versamento {n}"


def normalised(row):
    """A staff row as stored: trimmed text, upper-case accounts."""
    return {key: ("" if row.get(key) is None else str(row.get(key))).strip()
            for key in ("fiscal_code", "amount", "percent", "iban", "postal_iban", "category",
                        "remittance")} | {
        "iban": (row.get("iban") or "").replace(" ", "").upper(),
        "postal_iban": (row.get("postal_iban") or "").replace(" ", "").upper()}


def check_transfers(definition):
    """Refuse bad further transfers of a fee definition (Italian messages)."""
    rows = definition.get("transfers") or []
    if len(rows) > MAX_TRANSFERS - 1:
        raise FeeRuleError(_("Al massimo ${n} versamenti oltre a quello sul conto del Comune "
                             "(pagoPA ne ammette 5 per pagamento).",
                             mapping={"n": MAX_TRANSFERS - 1}))
    fixed, shares = 0, Decimal(0)
    for n, row in enumerate(rows, start=2):
        label = _label(n)
        code = (row.get("fiscal_code") or "").strip()
        if code and not FISCAL_CODE_RE.match(code):
            raise FeeRuleError(_("${row}: codice fiscale dell'ente beneficiario non valido "
                                 "(11 cifre; vuoto per il Comune).", mapping={"row": label}))
        account_of(row, label)
        if not CATEGORY_RE.match((row.get("category") or "").strip()):
            raise FeeRuleError(_("${row}: codice di tassonomia non valido: «${value}» "
                                 "(es. 9/0101108TS/).",
                                 mapping={"row": label, "value": row.get("category") or ""}))
        if len((row.get("remittance") or "").strip()) > 140:
            raise FeeRuleError(_("${row}: la causale del versamento supera 140 caratteri.",
                                 mapping={"row": label}))
        amount, share = (row.get("amount") or "").strip(), (row.get("percent") or "").strip()
        if bool(amount) == bool(share):
            raise FeeRuleError(_("${row}: indica un importo fisso oppure una percentuale "
                                 "(uno solo).", mapping={"row": label}))
        if amount:
            value = cents(amount)
            if value < 1:
                raise FeeRuleError(_("${row}: l'importo deve essere di almeno 1 centesimo.",
                                     mapping={"row": label}))
            fixed += value
        else:
            shares += percent(share, label)
    if shares >= 100:
        raise FeeRuleError(_("Le percentuali dei versamenti superano il 100%: al conto del "
                             "Comune deve restare una parte."))
    least = cents(definition.get("amount")) + sum(
        cents(r.get("amount")) for r in definition.get("rules") or () if r.get("kind") == "fixed")
    if fixed and fixed >= least:
        raise FeeRuleError(_("Le quote fisse dei versamenti devono essere minori della parte "
                             "fissa dell'importo (importo fisso e quote fisse delle regole): "
                             "il resto va al conto del Comune."))


def split(fee, amount, remittance):
    """The transfers of a payment of ``amount`` cents under ``fee``: dicts
    with amount, remittance, category, iban or postal_iban, fiscal_code
    (empty: the Comune); transfer 1 first, adding up to ``amount``."""
    others = []
    for row in fee.get("transfers") or ():
        if (row.get("amount") or "").strip():
            share = cents(row["amount"])
        else:
            share = int((Decimal(amount) * percent(row["percent"], "") / 100)
                        .to_integral_value(rounding=ROUND_DOWN))
        if share >= 1:
            others.append({"amount": share,
                           "remittance": ((row.get("remittance") or "").strip()
                                          or remittance)[:140],
                           "category": row["category"].strip(),
                           "fiscal_code": (row.get("fiscal_code") or "").strip(),
                           **account_of(row, "")})
    first = amount - sum(t["amount"] for t in others)
    if first < 1:
        raise FeeRuleError(_("L'importo non basta a coprire i versamenti previsti: rivedi le "
                             "quote della scheda «Pagamento pagoPA»."))
    account = {"postal_iban": fee["postal_iban"]} if fee.get("postal_iban") else {
        "iban": fee["iban"]}
    return [{"amount": first, "remittance": remittance[:140], "category": fee["category"],
             **account}, *others]
