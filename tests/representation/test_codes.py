"""Partita IVA / codice fiscale numerico check digits (Agenzia delle Entrate
algorithm) and the client's personal codice fiscale."""

from comune.istanze.fakes import fiscal_code
from comune.istanze.representation.codes import check_digit
from comune.istanze.representation.codes import clean
from comune.istanze.representation.codes import is_numeric_code
from comune.istanze.representation.codes import is_personal_code
from stdnum.it import iva

import pytest
import random


def test_worked_example_check_digit():
    # 0 1 2 3 4 5 6 0 0 1: odd positions 0+2+4+6+0 = 12; even positions doubled
    # 1->2, 3->6, 5->10-9=1, 0->0, 1->2: 11; total 23; (10 - 3) % 10 = 7.
    assert check_digit("0123456001") == 7
    assert is_numeric_code("01234560017")


@pytest.mark.parametrize("code", ["01234560017", "09999990014", "IT01234560017",
                                  " 0123 4560 017 "])
def test_valid_codes(code):
    assert is_numeric_code(code)


@pytest.mark.parametrize("code, why", [
    ("01234560018", "wrong check digit"),
    ("01234560071", "two digits swapped"),
    ("0123456001", "ten digits"),
    ("012345600170", "twelve digits"),
    ("0123456001A", "a letter"),
    ("00000000000", "serial all zeros"),
    ("", "empty"),
    (None, "missing"),
])
def test_invalid_codes(code, why):
    assert not is_numeric_code(code), why


def test_agrees_with_python_stdnum():
    rng = random.Random(16)
    for _ in range(500):
        first_ten = "".join(rng.choice("0123456789") for _ in range(7)) + f"{rng.randint(1, 100):03d}"
        for last in "0123456789":
            code = first_ten + last
            assert is_numeric_code(code) == iva.is_valid(code), code


def test_client_personal_code_uses_the_project_validator():
    cf = fiscal_code("Carla", "Neri", 1990, 4, 2, True)
    assert is_personal_code(cf) and is_personal_code(cf.lower())
    broken = cf[:-1] + ("A" if cf[-1] != "A" else "B")
    assert not is_personal_code(broken)
    assert not is_personal_code("01234560017")  # numeric codes are not personal


def test_clean():
    assert clean(" it 0123 4560017 ") == "01234560017"
    assert clean("rssmra80a01z999x") == "RSSMRA80A01Z999X"
    assert clean(12) == ""


def test_pagopa_debtor_is_the_represented_subject():
    from comune.istanze.integrations.pagopa.positions import debtor
    from types import SimpleNamespace

    cf = fiscal_code("Carla", "Neri", 1990, 4, 2, True)
    person = SimpleNamespace(represented_tax_id=cf, represented_name="Carla Neri")
    company = SimpleNamespace(represented_tax_id="01234560017", represented_name="ACME S.r.l.")
    assert debtor(person) == ("F", cf, "Carla Neri")  # natural person
    assert debtor(company) == ("G", "01234560017", "ACME S.r.l.")  # legal person
