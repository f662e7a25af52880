"""The payment receipt (ricevuta telematica) as the GPD receipts API returns it.

``GET .../receipts/{iuv}`` answers ``application/xml``: the ``receipt`` of
the pagoPA node's ``paSendRT`` (paForNode.xsd; amounts in decimal euro).
Read by local names, so the namespace prefix does not matter; entities and
network access are off.
"""

from comune.istanze.integrations.pagopa import interfaces as i
from comune.istanze.integrations.pagopa.errors import PagoPAUnavailable
from datetime import date
from datetime import datetime
from datetime import timezone
from decimal import Decimal
from zoneinfo import ZoneInfo


ROME = ZoneInfo("Europe/Rome")


def cents(euro):
    """Euro (decimal number or text, as FdR and receipts give them) -> cents."""
    return int((Decimal(str(euro)) * 100).quantize(Decimal(1)))


def dt_in(text):
    """An aware datetime (Italian time) from pagoPA's date-time strings."""
    if not text:
        return None
    value = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(ROME)


def date_in(text):
    return date.fromisoformat(str(text)[:10]) if text else None


def _local(el):
    return el.tag.rpartition("}")[2] if isinstance(el.tag, str) else ""


def _find(el, *names):
    for name in names:
        el = next((c for c in el if _local(c) == name), None) if el is not None else None
    return el


def _text(el, *names):
    found = _find(el, *names)
    return (found.text or "").strip() if found is not None else ""


def receipt_from_xml(data):
    """A Receipt from the XML pagoPA keeps (``receipt`` element of paSendRT)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PagoPAUnavailable(f"Ricevuta pagoPA non interpretabile: {exc}") from exc
    rec = next((e for e in root.iter() if _local(e) == "receipt"), root)
    transfers = _find(rec, "transferList")
    fee = _text(rec, "fee")
    return i.Receipt(
        receipt_id=_text(rec, "receiptId"), notice_number=_text(rec, "noticeNumber"),
        fiscal_code=_text(rec, "fiscalCode"), outcome=_text(rec, "outcome"),
        iuv=_text(rec, "creditorReferenceId"), amount=cents(_text(rec, "paymentAmount") or 0),
        description=_text(rec, "description"),
        debtor_fiscal_code=_text(rec, "debtor", "uniqueIdentifier", "entityUniqueIdentifierValue"),
        debtor_name=_text(rec, "debtor", "fullName"), psp_id=_text(rec, "idPSP"),
        psp_name=_text(rec, "pspCompanyName"), payment_method=_text(rec, "paymentMethod"),
        fee=cents(fee) if fee else None,
        payment_date_time=dt_in(_text(rec, "paymentDateTime")),
        application_date=date_in(_text(rec, "applicationDate")),
        transfers=[i.ReceiptTransfer(
            id_transfer=_text(t, "idTransfer"), amount=cents(_text(t, "transferAmount") or 0),
            fiscal_code=_text(t, "fiscalCodePA"), iban=_text(t, "IBAN"),
            remittance_information=_text(t, "remittanceInformation"),
            category=_text(t, "transferCategory"))
            for t in (transfers if transfers is not None else ()) if _local(t) == "transfer"],
        xml=data)
