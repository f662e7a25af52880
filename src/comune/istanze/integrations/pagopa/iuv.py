"""IUV and notice number (codice avviso) with aux digit 3.

    notice number = aux digit (1) + IUV (17)
    IUV           = segregation code (2) + IUV base (13) + check digits (2)
    check digits  = int(aux digit + segregation code + IUV base) mod 93

The base is drawn at random (13 digits from :mod:`secrets`), not taken from
a counter: a counter is one shared object every submission at a deadline
would write, and a conflict there costs retries on the hot path. A random
base needs no write at all. Uniqueness is still guaranteed, by key: the
IUPD of a payment is fixed, and the GPD refuses a second position with an
IUV already in use (409). The outbox job then reads its own IUPD back; if
pagoPA has no position under it, the 409 was an IUV collision and the job
draws a new IUV (see ``positions.py``). With 10^13 bases per segregation
code, a collision is rare (about n / 10^13 per draw with n positions).
"""

import re
import secrets


AUX_DIGIT = "3"
_SEGREGATION = re.compile(r"^\d{2}$")
_NOTICE = re.compile(r"^3\d{17}$")


class InvalidNoticeNumber(ValueError):
    pass


def check_digits(segregation_code, base, aux_digit=AUX_DIGIT):
    """The two check digits of ``aux digit + segregation code + base``."""
    return f"{int(f'{aux_digit}{segregation_code}{base}') % 93:02d}"


def make_iuv(segregation_code, base):
    """The 17-digit IUV of a 13-digit ``base`` (int or digits)."""
    if not _SEGREGATION.match(segregation_code or ""):
        raise ValueError(f"Codice di segregazione non valido: {segregation_code!r} (2 cifre).")
    base = f"{int(base):013d}"
    if len(base) != 13:
        raise ValueError("La base dello IUV ha 13 cifre.")
    return f"{segregation_code}{base}{check_digits(segregation_code, base)}"


def new_iuv(segregation_code, randbelow=secrets.randbelow):
    """A fresh IUV with a random base (see the module's docstring)."""
    return make_iuv(segregation_code, randbelow(10**13))


def notice_number(iuv, aux_digit=AUX_DIGIT):
    """The 18-digit notice number (codice avviso) of ``iuv``."""
    number = f"{aux_digit}{iuv}"
    validate_notice_number(number)
    return number


def validate_notice_number(number):
    """Raise :class:`InvalidNoticeNumber` unless ``number`` is a well-formed
    aux-digit-3 notice number with correct check digits."""
    if not _NOTICE.match(number or ""):
        raise InvalidNoticeNumber("Il numero avviso ha 18 cifre e inizia con 3.")
    if check_digits(number[1:3], number[3:16]) != number[16:]:
        raise InvalidNoticeNumber("Le cifre di controllo del numero avviso non corrispondono.")
    return number


def iuv_of(number):
    """The IUV inside a notice number."""
    return validate_notice_number(number)[1:]


def format_notice_number(number):
    """Grouped by four for print: ``3012 3456 7890 1234 56``."""
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))
