"""Who is at the desk: the citizen's data and identity document, checked.

:func:`identify` turns a form (web or REST) into an :class:`Identification`
or a dict of Italian errors per field; nothing is stored either way.
"""

from comune.istanze import _
from comune.istanze.forms.apply import valid_fiscal_code
from comune.istanze.frontdesk import DOCUMENT_TYPES
from dataclasses import asdict
from dataclasses import dataclass
from datetime import date
from datetime import datetime

import re


DOCUMENT_TITLES = dict(DOCUMENT_TYPES)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")
FIELDS = ("fiscal_code", "first_name", "last_name", "email", "document_type",
          "document_number", "document_issuer", "document_expiry")


@dataclass(frozen=True)
class Identification:
    fiscal_code: str
    first_name: str
    last_name: str
    email: str
    document_type: str
    document_number: str
    document_issuer: str
    document_expiry: date

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def document_title(self):
        return DOCUMENT_TITLES[self.document_type]

    def record(self, operator_id, operator_name, when=None):
        """What the application keeps (``app.frontdesk``): plain values."""
        data = asdict(self)
        data.pop("email")
        data["document_expiry"] = self.document_expiry.isoformat()
        data.update(operator_id=operator_id, operator_name=operator_name,
                    identified=(when or datetime.now()).isoformat(timespec="seconds"))
        return data


def _text(form, name):
    value = form.get(name) or ""
    return value.strip() if isinstance(value, str) else ""


def _date(value):
    if isinstance(value, date):
        return value
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except (TypeError, ValueError):
            continue
    return None


def identify(form, today=None):
    """``(Identification, {})`` or ``(None, {field: Italian message})``."""
    today = today or date.today()
    errors = {}
    cf = _text(form, "fiscal_code").upper()
    if not cf:
        errors["fiscal_code"] = _("Indica il codice fiscale del cittadino.")
    elif not valid_fiscal_code(cf):
        errors["fiscal_code"] = _("Il codice fiscale non è valido: controlla i 16 caratteri.")
    first, last = _text(form, "first_name"), _text(form, "last_name")
    if not first:
        errors["first_name"] = _("Indica il nome del cittadino.")
    if not last:
        errors["last_name"] = _("Indica il cognome del cittadino.")
    email = _text(form, "email")
    if email and not EMAIL.match(email):
        errors["email"] = _("L'indirizzo email non è valido.")
    kind = _text(form, "document_type")
    if kind not in DOCUMENT_TITLES:
        errors["document_type"] = _("Scegli il tipo di documento di identità esibito.")
    number = re.sub(r"\s+", "", _text(form, "document_number")).upper()
    if not number:
        errors["document_number"] = _("Indica il numero del documento di identità.")
    elif not DOCUMENT_NUMBER.match(number):
        errors["document_number"] = _(
            "Il numero del documento deve avere da 5 a 20 lettere o cifre.")
    issuer = _text(form, "document_issuer")
    if not issuer:
        errors["document_issuer"] = _("Indica l'autorità che ha rilasciato il documento.")
    raw_expiry = form.get("document_expiry")
    expiry = _date(raw_expiry.strip() if isinstance(raw_expiry, str) else raw_expiry)
    if expiry is None:
        errors["document_expiry"] = _("Indica la data di scadenza del documento (gg/mm/aaaa).")
    elif expiry < today:
        errors["document_expiry"] = _(
            "Il documento è scaduto: serve un documento di identità valido.")
    if errors:
        return None, errors
    return Identification(cf, first, last, email, kind, number, issuer, expiry), {}
