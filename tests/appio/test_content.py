"""Subject and markdown within App IO's limits; payment_data as the spec wants it."""

from comune.istanze.integrations.appio.content import escape
from comune.istanze.integrations.appio.content import fit_markdown
from comune.istanze.integrations.appio.content import fit_subject
from comune.istanze.integrations.appio.content import payment_data
from comune.istanze.integrations.appio.content import units
from sandbox.appio.schemas import errors

import pytest


FOOTER = "Istanza n. 2026-CASA-1. Documenti nella tua [area personale](https://c.example/)."


def valid(subject, markdown):
    body = {"fiscal_code": "RSSMRA80A01Z999Y",
            "content": {"subject": subject, "markdown": markdown}}
    return errors("NewMessage", body)


@pytest.mark.parametrize("subject", ["", "Esito", "x", "Istanza accolta", "a" * 500,
                                     "😀" * 100, "Richiesta   di\nintegrazione"])
def test_subjects_always_fit(subject):
    fitted = fit_subject(subject, "2026-CASA-1")
    assert 10 <= units(fitted) <= 120
    assert valid(fitted, "m" * 100) == []


def test_short_subjects_are_completed_truthfully_long_ones_cut():
    assert fit_subject("Esito", "2026-CASA-1") == "Esito — istanza 2026-CASA-1"
    assert fit_subject("", "") == "Messaggio dal Comune"
    assert fit_subject("Istanza accolta", "1") == "Istanza accolta"
    long = fit_subject("parola " * 40)
    assert 110 < units(long) <= 120 and long.endswith("parola…")


def test_emoji_count_two_units_as_app_io_counts():
    fitted = fit_subject("😀" * 100)
    assert units(fitted) <= 120 and len(fitted) < 120


@pytest.mark.parametrize("body", ["", "Ok", "x" * 20000, "😀" * 9000, "a\n\nb\nc"])
def test_markdown_always_fits(body):
    fitted = fit_markdown(body, FOOTER)
    assert 80 <= units(fitted) <= 10000
    assert fitted.endswith(FOOTER)
    assert valid("Istanza accolta", fitted) == []


def test_long_texts_say_where_the_rest_is():
    fitted = fit_markdown("x" * 20000, FOOTER)
    assert "*Il testo completo è nella tua area personale.*" in fitted


def test_plain_text_is_shown_as_written():
    assert escape("# non un titolo\n* non un elenco\n2. punto") == \
        "\\# non un titolo  \n\\* non un elenco  \n2\\. punto"
    assert escape("prezzo *speciale* [link](x)") == "prezzo \\*speciale\\* \\[link\\](x)"
    assert escape("uno\n\ndue") == "uno\n\ndue"


def test_payment_data_within_the_spec():
    data = payment_data(1250, "301000000000000123", "01234567890", True)
    assert (data.amount, data.notice_number, data.payee_fiscal_code,
            data.invalid_after_due_date) == (1250, "301000000000000123", "01234567890", True)
    for amount, notice, payee in ((0, "301000000000000123", "01234567890"),
                                  (100, "30100000000000012", "01234567890"),
                                  (100, "901000000000000123", "01234567890"),
                                  (100, "301000000000000123", "0123456789")):
        with pytest.raises(ValueError):
            payment_data(amount, notice, payee)
