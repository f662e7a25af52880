"""The message as App IO wants it: subject 10–120, markdown 80–10000 characters.

Lengths are counted as the spec's validators count them (JavaScript string
length: UTF-16 code units), so an emoji counts two. Too short texts are
completed with words that are true (the Comune, the application), too long
ones are cut at a character boundary and say where the full text is. The
citizen's plain text is escaped so that App IO's Markdown shows it as written.
"""

from comune.istanze.integrations.appio.interfaces import MARKDOWN_MAX
from comune.istanze.integrations.appio.interfaces import MARKDOWN_MIN
from comune.istanze.integrations.appio.interfaces import PaymentData
from comune.istanze.integrations.appio.interfaces import SUBJECT_MAX
from comune.istanze.integrations.appio.interfaces import SUBJECT_MIN

import re


CUT = "…"
NOTICE = re.compile(r"^[0123][0-9]{17}$")
SPECIAL = re.compile(r"([\\`*_{}\[\]<>|])")


def units(text):
    """Length in UTF-16 code units (the spec's minLength/maxLength)."""
    return len(text.encode("utf-16-le")) // 2


def cut(text, limit, mark=CUT):
    """``text`` shortened to ``limit`` units, ending with ``mark`` if cut."""
    if units(text) <= limit:
        return text
    room = limit - units(mark)
    while units(text) > room:
        text = text[:-1]
    return text.rstrip() + mark


def fit_subject(subject, number=""):
    text = " ".join((subject or "").split())
    if not text:
        return "Messaggio dal Comune"
    if units(text) < SUBJECT_MIN and number:
        text = f"{text} — istanza {number}"
    if units(text) < SUBJECT_MIN:
        text = f"{text} — messaggio dal Comune"
    return cut(text, SUBJECT_MAX)


def escape(text):
    """Plain text shown as written: Markdown specials escaped, line breaks kept."""
    lines = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        line = SPECIAL.sub(r"\\\1", line.rstrip())
        line = re.sub(r"^(\s*)([#+\-])(\s)", r"\1\\\2\3", line)
        line = re.sub(r"^(\s*)(\d+)\.(\s)", r"\1\2\\.\3", line)
        lines.append(line)
    return "  \n".join(lines).replace("  \n  \n", "\n\n")


def fit_markdown(body, footer):
    """The escaped ``body`` and the (Markdown) ``footer``, within the limits."""
    footer = f"\n\n---\n{footer}"
    text = escape(body)
    room = MARKDOWN_MAX - units(footer)
    text = cut(text, room, CUT + "\n\n*Il testo completo è nella tua area personale.*")
    result = text + footer
    while units(result) < MARKDOWN_MIN:
        result += "\n\nMessaggio inviato dal Comune tramite App IO."
    return result


def payment_data(amount, notice_number, payee, invalid_after_due_date=False):
    """The ``payment_data`` of a payment notice; ValueError when App IO would refuse it."""
    amount = int(amount)
    if not 1 <= amount <= 9999999999:
        raise ValueError(f"Importo non valido per App IO: {amount}")
    if not NOTICE.match(notice_number or ""):
        raise ValueError(f"Numero avviso non valido per App IO: {notice_number!r}")
    if not re.match(r"^[0-9]{11}$", payee or ""):
        raise ValueError(f"Codice fiscale dell'ente beneficiario non valido: {payee!r}")
    return PaymentData(amount=amount, notice_number=notice_number, payee_fiscal_code=payee,
                       invalid_after_due_date=bool(invalid_after_due_date))
