"""Valid *fake* personal data for the demo site, the sandboxes and the tests.

Never real people: names come from a small fixed list, birth data and the
municipality code are synthetic, only the check digit is computed for real.
"""

from stdnum.it import codicefiscale

import random


FIRST_NAMES = ("Mario", "Giulia", "Luca", "Francesca", "Paolo", "Chiara", "Marco", "Sara")
LAST_NAMES = ("Rossi", "Bianchi", "Verdi", "Esposito", "Romano", "Colombo", "Ricci", "Greco")
MONTHS = "ABCDEHLMPRST"
VOWELS = "AEIOU"


def _consonants(s):
    return [c for c in s.upper() if c.isalpha() and c not in VOWELS]


def _vowels(s):
    return [c for c in s.upper() if c in VOWELS]


def _surname_code(last):
    return "".join((_consonants(last) + _vowels(last) + ["X"] * 3)[:3])


def _name_code(first):
    cons = _consonants(first)
    if len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return "".join((cons + _vowels(first) + ["X"] * 3)[:3])


def fiscal_code(first="Mario", last="Rossi", year=1980, month=1, day=1, female=False, place="Z999"):
    """A codice fiscale valid by the algorithm (place Z999: no real place)."""
    dd = day + 40 if female else day
    body = f"{_surname_code(last)}{_name_code(first)}{year % 100:02d}{MONTHS[month - 1]}{dd:02d}{place}"
    return body + codicefiscale.calc_check_digit(body)


def random_person(rng=None):
    rng = rng or random.Random()
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    female = first.endswith("a")
    cf = fiscal_code(first, last, rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28), female)
    return {"first_name": first, "last_name": last, "fiscal_code": cf}
