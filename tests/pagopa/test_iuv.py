"""IUV and notice numbers (aux digit 3), against examples worked by hand."""

from comune.istanze.integrations.pagopa.iuv import InvalidNoticeNumber
from comune.istanze.integrations.pagopa.iuv import check_digits
from comune.istanze.integrations.pagopa.iuv import format_notice_number
from comune.istanze.integrations.pagopa.iuv import iuv_of
from comune.istanze.integrations.pagopa.iuv import make_iuv
from comune.istanze.integrations.pagopa.iuv import new_iuv
from comune.istanze.integrations.pagopa.iuv import notice_number
from comune.istanze.integrations.pagopa.iuv import validate_notice_number

import pytest


def test_check_digits_worked_examples():
    # 1. segregation 00, base 0000000000000: N = 3 000 000 000 000 000 = 3 x 10^15.
    #    Powers of 10 mod 93: 10, 7, 70, 49, 25, 64, 82, 76, 16, 67, 19, 4, 40, 28, 1
    #    (10^15 = 1 mod 93), so N mod 93 = 3 -> "03".
    assert check_digits("00", "0000000000000") == "03"
    # 2. segregation 01, base 0000000000001: N = 3 010 000 000 000 001.
    #    93 x 32 365 591 397 849 = 3 236 559 139 784 900 - 226 559 139 784 943
    #                            = 3 009 999 999 999 957;  N - that = 44 -> "44".
    assert check_digits("01", "0000000000001") == "44"
    # 3. segregation 47, base 1234567890123: N = 3 471 234 567 890 123.
    #    93 x 37 325 102 880 539 = 3 471 234 567 890 127 (4 too many), so
    #    93 x 37 325 102 880 538 = 3 471 234 567 890 034;  N - that = 89 -> "89".
    assert check_digits("47", "1234567890123") == "89"


def test_iuv_and_notice_number_of_the_worked_examples():
    assert make_iuv("00", 0) == "00000000000000003"
    assert make_iuv("01", 1) == "01000000000000144"
    iuv = make_iuv("47", 1234567890123)
    assert iuv == "47123456789012389" and len(iuv) == 17
    assert notice_number(iuv) == "347123456789012389"
    assert iuv_of("347123456789012389") == iuv
    assert format_notice_number("347123456789012389") == "3471 2345 6789 0123 89"


@pytest.mark.parametrize("number", [
    "347123456789012388",  # wrong check digits
    "34712345678901238",  # 17 digits
    "147123456789012389",  # aux digit 1
    "34712345678901238X",
    "",
])
def test_malformed_notice_numbers_are_refused(number):
    with pytest.raises(InvalidNoticeNumber):
        validate_notice_number(number)


@pytest.mark.parametrize("segregation", ["7", "123", "ab", "", None])
def test_segregation_code_has_two_digits(segregation):
    with pytest.raises(ValueError):
        make_iuv(segregation, 1)


def test_new_iuv_draws_a_random_base_with_valid_check_digits():
    assert new_iuv("47", randbelow=lambda n: 1234567890123) == "47123456789012389"
    drawn = {new_iuv("47") for _i in range(5000)}
    assert len(drawn) == 5000  # no shared counter, and no collision in practice
    for iuv in list(drawn)[:200]:
        assert iuv.startswith("47") and validate_notice_number("3" + iuv)
