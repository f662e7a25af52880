"""The receipt the sandbox keeps for a payment: the ``receipt`` of paSendRT
(namespace of pagoPA's paForNode.xsd), as the GPD receipts API returns it."""

from decimal import Decimal
from xml.sax.saxutils import escape


NS = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"


def _amount(cents):
    return f"{Decimal(cents) / 100:.2f}"


def _el(name, value):
    return f"<{name}>{escape(str(value))}</{name}>"


def receipt_xml(org, position, option, receipt_id, paid_cents, when, psp):
    """Bytes of a paSendRTReq whose receipt says ``option`` was paid."""
    transfers = option.get("transfer") or []
    total = sum(t["amount"] for t in transfers) or 1
    parts = []
    for n, t in enumerate(transfers):
        # a different paid amount is spread over the transfers like the due one
        share = paid_cents * t["amount"] // total if n < len(transfers) - 1 else (
            paid_cents - sum(paid_cents * x["amount"] // total for x in transfers[:-1]))
        parts.append("<transfer>" + "".join([
            _el("idTransfer", t["idTransfer"]), _el("transferAmount", _amount(share)),
            _el("fiscalCodePA", t.get("organizationFiscalCode") or org),
            _el("IBAN", t.get("iban") or t.get("postalIban") or ""),
            _el("remittanceInformation", t["remittanceInformation"]),
            _el("transferCategory", t["category"])]) + "</transfer>")
    debtor = ("<debtor><uniqueIdentifier>"
              + _el("entityUniqueIdentifierType", position.get("type", "F"))
              + _el("entityUniqueIdentifierValue", position.get("fiscalCode", ""))
              + "</uniqueIdentifier>" + _el("fullName", position.get("fullName", ""))
              + "</debtor>")
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S")
    receipt = "".join([
        _el("receiptId", receipt_id), _el("noticeNumber", option["nav"]),
        _el("fiscalCode", org), _el("outcome", "OK"),
        _el("creditorReferenceId", option["iuv"]), _el("paymentAmount", _amount(paid_cents)),
        _el("description", option["description"]),
        _el("companyName", position.get("companyName", "")), debtor,
        "<transferList>" + "".join(parts) + "</transferList>",
        _el("idPSP", psp["id"]), _el("pspCompanyName", psp["name"]),
        _el("idChannel", psp["channel"]), _el("channelDescription", "app"),
        _el("paymentMethod", "creditCard"), _el("fee", "1.00"),
        _el("paymentDateTime", stamp), _el("applicationDate", when.strftime("%Y-%m-%d")),
        _el("transferDate", when.strftime("%Y-%m-%d"))])
    return (f'<?xml version="1.0" encoding="UTF-8"?><pafn:paSendRTReq xmlns:pafn="{NS}">'
            f"{_el('idPA', org)}{_el('idBrokerPA', org)}{_el('idStation', org + '_01')}"
            f"<receipt>{receipt}</receipt></pafn:paSendRTReq>").encode("utf-8")
