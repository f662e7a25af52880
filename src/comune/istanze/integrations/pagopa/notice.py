"""The payment notice (avviso di pagamento pagoPA) as PDF/A-3b bytes.

Laid out after the pagoPA notice model: the creditor and the debtor, the
amount and the due date, then the part for banks and other channels (QR
code, notice number, creditor fiscal code, amount) and, when the Comune has
a postal account, the "Bollettino postale PA" part with its Data Matrix.

- QR code (segno), payload ``PAGOPA|002|<notice number>|<creditor fiscal
  code>|<amount in cents>``: read by App IO and by banks' apps;
- Data Matrix (zxing-cpp's writer, a self-contained wheel: no system
  library), Poste Italiane's 256-character payload ``codfase=NBPA;18<notice
  number>12<postal account, 12>10<amount in cents, 10>3896 1P1<creditor
  fiscal code, 11><debtor fiscal code, 16><debtor name, 40><subject, 110>
  <12 spaces>A`` (without the blanks).
"""

from chameleon import PageTemplateFile
from comune.istanze.integrations.pagopa.iuv import format_notice_number
from comune.istanze.integrations.pagopa.iuv import validate_notice_number
from weasyprint import HTML

import base64
import os
import re
import unicodedata


PDF_VARIANT = "pdf/a-3b"
_template = PageTemplateFile(os.path.join(os.path.dirname(__file__), "templates", "notice.pt"))


def qr_payload(notice_number, creditor_fiscal_code, amount):
    validate_notice_number(notice_number)
    if not re.match(r"^\d{11}$", creditor_fiscal_code or ""):
        raise ValueError("Il codice fiscale dell'ente creditore ha 11 cifre.")
    return f"PAGOPA|002|{notice_number}|{creditor_fiscal_code}|{int(amount)}"


def _field(text, width):
    """Poste's fields: printable ASCII, upper case, cut or padded with blanks."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^ -~]", " ", ascii_text).upper()[:width].ljust(width)


def datamatrix_payload(notice_number, postal_account, amount, creditor_fiscal_code,
                       debtor_fiscal_code, debtor_name, subject):
    validate_notice_number(notice_number)
    account = re.sub(r"\D", "", postal_account or "")
    if not account or len(account) > 12:
        raise ValueError("Il conto corrente postale ha al più 12 cifre.")
    payload = (f"codfase=NBPA;18{notice_number}12{account.zfill(12)}10{int(amount):010d}3896"
               f"1P1{_field(creditor_fiscal_code, 11)}{_field(debtor_fiscal_code, 16)}"
               f"{_field(debtor_name, 40)}{_field(subject, 110)}{' ' * 12}A")
    assert len(payload) == 256, len(payload)
    return payload


def _svg_uri(svg):
    svg = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>", "", svg).strip()
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode()


def qr_svg_uri(payload):
    import io
    import segno

    out = io.BytesIO()
    segno.make_qr(payload, error="m").save(out, kind="svg", scale=4, border=4, xmldecl=False)
    return _svg_uri(out.getvalue().decode("utf-8"))


def datamatrix_svg_uri(payload):
    import zxingcpp

    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.DataMatrix)
    return _svg_uri(code.to_svg(scale=4, add_quiet_zones=True))


def euro(cents):
    whole = f"{cents // 100:,}".replace(",", ".")
    return f"{whole},{cents % 100:02d} €"


def notice_html(position, creditor_fiscal_code, postal_account="", postal_authorization="",
                option_index=0):
    """HTML of the notice of ``position`` (a DebtPosition with its notice number)."""
    option = position.payment_options[option_index]
    number = option.nav or f"3{option.iuv}"
    qr = qr_payload(number, creditor_fiscal_code, option.amount)
    postal = None
    if postal_account:
        payload = datamatrix_payload(number, postal_account, option.amount, creditor_fiscal_code,
                                     position.fiscal_code, position.full_name, option.description)
        postal = {"account": postal_account, "authorization": postal_authorization,
                  "datamatrix": datamatrix_svg_uri(payload)}
    due = option.due_date.strftime("%d/%m/%Y") if option.due_date else ""
    return _template(
        company=position.company_name, office=position.office_name,
        creditor=creditor_fiscal_code, debtor=position.full_name,
        debtor_code=position.fiscal_code, subject=option.description,
        amount=euro(option.amount), due=due, number=format_notice_number(number),
        qr=qr_svg_uri(qr), postal=postal)


def notice_pdf(position, creditor_fiscal_code, postal_account="", postal_authorization=""):
    """The notice as PDF/A-3b bytes."""
    html = notice_html(position, creditor_fiscal_code, postal_account, postal_authorization)
    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)
