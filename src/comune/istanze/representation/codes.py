"""Italian tax codes of companies, entities and clients.

A *partita IVA* and the *codice fiscale numerico* of a company or an entity
are the same 11 digits: seven of serial number, three of the tax office,
one check digit computed with the Agenzia delle Entrate algorithm (a Luhn
variant). A person's codice fiscale has 16 characters and is checked with
the project's own validator (:data:`comune.istanze.forms.validators.fiscal_code`).
"""

from comune.istanze.forms.validators import fiscal_code
from comune.istanze.forms.validators import InvalidValue

import re


DIGITS_11 = re.compile(r"^\d{11}$")


def clean(value) -> str:
    """Upper case, no spaces, no «IT» prefix of a VAT number."""
    text = re.sub(r"\s+", "", value if isinstance(value, str) else "").upper()
    if text.startswith("IT") and DIGITS_11.match(text[2:]):
        text = text[2:]
    return text


def check_digit(first_ten: str) -> int:
    """The 11th digit of a partita IVA from its first ten.

    Digits in odd positions (1st, 3rd, ... 9th) are added as they are; those
    in even positions are doubled, minus 9 when the double exceeds 9. The
    check digit brings the sum to a multiple of ten.
    """
    total = 0
    for position, char in enumerate(first_ten, 1):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def with_check_digit(first_ten: str) -> str:
    """The full 11 digits (to make valid fake codes for tests and the demo)."""
    return first_ten + str(check_digit(first_ten))


def is_numeric_code(value) -> bool:
    """True for a well-formed partita IVA / codice fiscale numerico."""
    text = clean(value)
    if not DIGITS_11.match(text) or text[:7] == "0000000":
        return False
    return check_digit(text[:10]) == int(text[10])


def is_personal_code(value) -> bool:
    """True for a valid 16-character codice fiscale of a person."""
    text = clean(value)
    if len(text) != 16:
        return False
    try:
        fiscal_code.validate(text)
    except InvalidValue:
        return False
    return True
