"""The REST client of pagoPA: GPD, GPD receipts, FdR, Checkout v2.

The only module that knows URLs, headers, JSON and XML shapes; it follows
the OpenAPI documents of pagopa/pagopa-api (gpd.json, gpd_payments.json,
fdr_organization.json, checkout_v2.json). Every call sends the service's
``Ocp-Apim-Subscription-Key``; every network failure and every error answer
becomes a :mod:`~comune.istanze.integrations.pagopa.errors` exception with
an Italian message (ProblemJson ``title``/``detail`` kept after
"Dettaglio:").

Dates: pagoPA wants ``date-time`` strings; naive datetimes are taken as
Italian local time and sent in UTC (``...Z``).
"""

from comune.istanze.integrations.pagopa import interfaces as i
from comune.istanze.integrations.pagopa.errors import PagoPAConflict
from comune.istanze.integrations.pagopa.errors import PagoPANotFound
from comune.istanze.integrations.pagopa.errors import PagoPARejected
from comune.istanze.integrations.pagopa.errors import PagoPAUnavailable
from comune.istanze.integrations.pagopa.rt import ROME
from comune.istanze.integrations.pagopa.rt import cents
from comune.istanze.integrations.pagopa.rt import date_in
from comune.istanze.integrations.pagopa.rt import dt_in
from comune.istanze.integrations.pagopa.rt import receipt_from_xml
from datetime import date
from datetime import datetime
from datetime import timezone
from urllib.parse import quote
from zope.interface import implementer

import uuid


REFUSALS = {
    400: "pagoPA ha rifiutato la richiesta perché non valida",
    401: "Chiave di sottoscrizione pagoPA mancante o non valida",
    403: "pagoPA nega l'accesso: l'ente non è abilitato a questa operazione",
    404: "pagoPA non ha trovato quanto richiesto",
    409: "La richiesta è in conflitto con lo stato della posizione debitoria in pagoPA",
    422: "pagoPA non può elaborare la richiesta",
}


# -- dates and amounts ------------------------------------------------------

def _dt_out(value):
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, datetime.max.time().replace(microsecond=0))
    if value.tzinfo is None:
        value = value.replace(tzinfo=ROME)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _prune(data):
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


# -- GPD debt positions: JSON <-> dataclasses -------------------------------

def transfer_json(t):
    return _prune({
        "idTransfer": t.id_transfer, "amount": t.amount,
        "organizationFiscalCode": t.organization_fiscal_code,
        "remittanceInformation": t.remittance_information, "category": t.category,
        "iban": t.iban, "postalIban": t.postal_iban, "companyName": t.company_name,
    })


def option_json(o):
    return _prune({
        "nav": o.nav, "iuv": o.iuv, "amount": o.amount, "description": o.description,
        "isPartialPayment": bool(o.is_partial_payment), "dueDate": _dt_out(o.due_date),
        "retentionDate": _dt_out(o.retention_date),
        "transfer": [transfer_json(t) for t in o.transfers],
        "paymentOptionMetadata": [{"key": k, "value": str(v)} for k, v in o.metadata.items()],
    }) | {"isPartialPayment": bool(o.is_partial_payment)}


def position_json(p):
    """The PaymentPositionModel of ``p`` (read-only fields left out)."""
    return _prune({
        "iupd": p.iupd, "type": p.type, "fiscalCode": p.fiscal_code, "fullName": p.full_name,
        "email": p.email, "companyName": p.company_name, "officeName": p.office_name,
        "validityDate": _dt_out(p.validity_date),
        "paymentOption": [option_json(o) for o in p.payment_options],
    }) | {"switchToExpired": bool(p.switch_to_expired)}


def _transfer(d):
    return i.Transfer(
        id_transfer=str(d.get("idTransfer", "")), amount=d.get("amount", 0),
        remittance_information=d.get("remittanceInformation", ""),
        category=d.get("category", ""), iban=d.get("iban") or "",
        postal_iban=d.get("postalIban") or "",
        organization_fiscal_code=d.get("organizationFiscalCode") or "",
        company_name=d.get("companyName") or "", status=d.get("status") or "")


def _option(d):
    return i.PaymentOption(
        iuv=d.get("iuv", ""), amount=d.get("amount", 0), description=d.get("description", ""),
        due_date=dt_in(d.get("dueDate")), is_partial_payment=bool(d.get("isPartialPayment")),
        retention_date=dt_in(d.get("retentionDate")), nav=d.get("nav") or "",
        transfers=[_transfer(t) for t in d.get("transfer") or ()],
        metadata={m["key"]: m["value"] for m in d.get("paymentOptionMetadata") or ()},
        status=d.get("status") or "", payment_date=dt_in(d.get("paymentDate")),
        reporting_date=dt_in(d.get("reportingDate")), id_receipt=d.get("idReceipt") or "",
        id_flow_reporting=d.get("idFlowReporting") or "", psp_company=d.get("pspCompany") or "",
        fee=d.get("fee"))


def position_from_json(d):
    """A DebtPosition from a PaymentPositionModel or ...BaseResponse."""
    return i.DebtPosition(
        iupd=d.get("iupd", ""), fiscal_code=d.get("fiscalCode") or "",
        full_name=d.get("fullName") or "", company_name=d.get("companyName") or "",
        payment_options=[_option(o) for o in d.get("paymentOption") or ()],
        type=d.get("type") or "F", email=d.get("email") or "",
        office_name=d.get("officeName") or "", switch_to_expired=bool(d.get("switchToExpired")),
        validity_date=dt_in(d.get("validityDate")), status=d.get("status") or "",
        organization_fiscal_code=d.get("organizationFiscalCode") or "",
        inserted_date=dt_in(d.get("insertedDate")), publish_date=dt_in(d.get("publishDate")),
        payment_date=dt_in(d.get("paymentDate")), last_updated=dt_in(d.get("lastUpdatedDate")))


# -- HTTP -------------------------------------------------------------------

def problem_message(status, body):
    """The Italian message of an error answer (ProblemJson or FdR ErrorResponse)."""
    base = REFUSALS.get(status) or (
        "Troppe richieste a pagoPA: si riproverà più tardi" if status == 429
        else "Servizio pagoPA in errore")
    detail = ""
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("title", "detail") if body.get(k)]
        parts += [str(e.get("message")) for e in body.get("errors") or () if isinstance(e, dict)]
        if body.get("appErrorCode"):
            parts.insert(0, str(body["appErrorCode"]))
        detail = ": ".join(parts)
    return f"{base} (HTTP {status})." + (f" Dettaglio: {detail}" if detail else "")


def _error(status, body):
    message = problem_message(status, body)
    if status == 404:
        return PagoPANotFound(message, status)
    if status == 409:
        return PagoPAConflict(message, status)
    if status in REFUSALS:
        return PagoPARejected(message, status)
    return PagoPAUnavailable(message, status)  # 429, 5xx, anything unexpected


@implementer(i.IPagoPAClient)
class GPDClient:
    """Named utility ``gpd``: the pagoPA REST APIs for one creditor."""

    title = "pagoPA (GPD, Ricevute, FdR, Checkout)"

    def __init__(self, settings=None, session=None):
        self._settings = settings
        self._session = session

    def settings(self):
        if self._settings is not None:
            return self._settings
        from comune.istanze.integrations.pagopa.config import pagopa_settings

        return pagopa_settings()

    @property
    def creditor(self):
        code = (self.settings().creditor_fiscal_code or "").strip()
        if not code:
            raise PagoPARejected("Codice fiscale dell'ente creditore non configurato.")
        return code

    def _key(self, service):
        s = self.settings()
        own = getattr(s, f"{service}_subscription_key", None) if service != "gpd" else None
        return own or s.subscription_key or ""

    def _request(self, service, method, path, body=None, params=None, accept="application/json"):
        import requests

        s = self.settings()
        base = (getattr(s, f"{service}_url") or "").rstrip("/")
        if not base:
            raise PagoPAUnavailable("Indirizzo del servizio pagoPA non configurato.")
        headers = {"Ocp-Apim-Subscription-Key": self._key(service), "Accept": accept,
                   "X-Request-Id": str(uuid.uuid4())}
        params = {k: v for k, v in (params or {}).items() if v is not None}
        try:
            return (self._session or requests).request(
                method, base + path, json=body, params=params, headers=headers,
                timeout=(s.connect_timeout or 5, s.read_timeout or 30), allow_redirects=False)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise PagoPAUnavailable(f"Servizio pagoPA non raggiungibile: {exc}") from exc
        except requests.RequestException as exc:
            raise PagoPAUnavailable(f"Chiamata a pagoPA non riuscita: {exc}") from exc

    def _json(self, response, ok=(200,)):
        try:
            body = response.json() if response.content else None
        except ValueError:
            body = None
        if response.status_code not in ok:
            raise _error(response.status_code, body)
        if body is None and response.status_code != 204:
            raise PagoPAUnavailable(
                f"Risposta di pagoPA non interpretabile (HTTP {response.status_code}).")
        return body

    def _positions(self, suffix=""):
        return f"/organizations/{quote(self.creditor)}/debtpositions{suffix}"

    def _iupd(self, iupd, action=""):
        return self._positions(f"/{quote(iupd, safe='')}{action}")

    # -- GPD --
    def create_position(self, position, publish=False):
        response = self._request("gpd", "POST", self._positions(), position_json(position),
                                 {"toPublish": "true" if publish else None})
        if response.status_code == 409:
            existing = self.get_position(position.iupd)
            if existing is None:  # 409 for another position's IUV
                raise _error(409, _problem(response))
            existing.already_existed = True
            return existing
        return position_from_json(self._json(response, ok=(201,)))

    def publish_position(self, iupd):
        return self._settled(iupd, "/publish", i.PUBLISHED_STATES)

    def invalidate_position(self, iupd):
        return self._settled(iupd, "/invalidate", ("INVALID",))

    def _settled(self, iupd, action, done_states):
        response = self._request("gpd", "POST", self._iupd(iupd, action))
        if response.status_code == 409:  # maybe done by an earlier, lost call
            existing = self.get_position(iupd)
            if existing is not None and existing.status in done_states:
                return existing
        return position_from_json(self._json(response))

    def get_position(self, iupd):
        response = self._request("gpd", "GET", self._iupd(iupd))
        if response.status_code == 404:
            return None
        return position_from_json(self._json(response))

    def update_position(self, position, publish=False):
        response = self._request("gpd", "PUT", self._iupd(position.iupd),
                                 position_json(position),
                                 {"toPublish": "true" if publish else None})
        return position_from_json(self._json(response))

    def list_positions(self, status=None, page=0, limit=50, due_date_from=None,
                       due_date_to=None, payment_date_from=None, payment_date_to=None):
        iso = lambda d: d.isoformat() if d else None  # noqa: E731
        body = self._json(self._request("gpd", "GET", self._positions(), params={
            "limit": limit, "page": page, "status": status, "orderby": "INSERTED_DATE",
            "ordering": "ASC", "due_date_from": iso(due_date_from),
            "due_date_to": iso(due_date_to), "payment_date_from": iso(payment_date_from),
            "payment_date_to": iso(payment_date_to)}))
        info = body["page_info"]
        return i.PositionsPage([position_from_json(p) for p in body["payment_position_list"]],
                               info["page"], info["limit"], info["items_found"],
                               info["total_pages"])

    # -- receipts --
    def list_receipts(self, page=0, page_size=100, debtor=None, date_from=None, date_to=None):
        response = self._request("receipts", "GET", f"/payments/{quote(self.creditor)}/receipts",
                                 params={"pageNum": page, "pageSize": page_size,
                                         "debtor": debtor, "from": date_from and str(date_from),
                                         "to": date_to and str(date_to)})
        if response.status_code == 404:  # "No receipts found."
            return i.ReceiptsPage([], page, 0, 0)
        body = self._json(response)
        rows = [i.ReceiptSummary(r.get("organizationFiscalCode", ""), r.get("iuv", ""),
                                 r.get("debtor") or "", dt_in(r.get("paymentDateTime")))
                for r in body.get("results") or ()]
        return i.ReceiptsPage(rows, body.get("currentPageNumber", page),
                              body.get("length", len(rows)), body.get("totalPages", 1))

    def get_receipt(self, iuv):
        response = self._request("receipts", "GET",
                                 f"/payments/{quote(self.creditor)}/receipts/{quote(iuv)}",
                                 accept="application/xml")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise _error(response.status_code, _problem(response))
        return receipt_from_xml(response.content)

    # -- FdR --
    def _fdr(self, suffix=""):
        return f"/organizations/{quote(self.creditor)}/fdrs{suffix}"

    def list_reporting_flows(self, page=1, size=1000, published_after=None):
        body = self._json(self._request("fdr", "GET", self._fdr(), params={
            "page": page, "size": size, "publishedGt": _dt_out(published_after)}))
        meta = body.get("metadata") or {}
        flows = [i.ReportingFlow(f["fdr"], f.get("pspId", ""), f.get("revision", 1),
                                 dt_in(f.get("published")), dt_in(f.get("flowDate")))
                 for f in body.get("data") or ()]
        return i.FlowsPage(flows, meta.get("pageNumber", page), meta.get("totPage", 1),
                           body.get("count", len(flows)))

    def _flow_path(self, fdr, revision, psp_id, suffix=""):
        return self._fdr(f"/{quote(fdr)}/revisions/{int(revision)}/psps/{quote(psp_id)}{suffix}")

    def get_reporting_flow(self, fdr, revision, psp_id):
        d = self._json(self._request("fdr", "GET", self._flow_path(fdr, revision, psp_id)))
        sender, receiver = d.get("sender") or {}, d.get("receiver") or {}
        return i.ReportingFlowDetail(
            fdr=d.get("fdr", fdr), revision=d.get("revision", revision),
            status=d.get("status", ""), psp_id=sender.get("pspId", psp_id),
            psp_name=sender.get("pspName", ""), organization_id=receiver.get("organizationId", ""),
            regulation=d.get("regulation", ""), regulation_date=date_in(d.get("regulationDate")),
            fdr_date=dt_in(d.get("fdrDate")), published=dt_in(d.get("published")),
            bic_code_pouring_bank=d.get("bicCodePouringBank") or "",
            tot_payments=d.get("totPayments", 0), sum_payments=cents(d.get("sumPayments", 0)))

    def reported_payments(self, fdr, revision, psp_id, page=1, size=1000):
        body = self._json(self._request("fdr", "GET",
                                        self._flow_path(fdr, revision, psp_id, "/payments"),
                                        params={"page": page, "size": size}))
        meta = body.get("metadata") or {}
        rows = [i.ReportedPayment(p["index"], p["iuv"], p["iur"], p["idTransfer"],
                                  cents(p["pay"]), p["payStatus"], dt_in(p.get("payDate")))
                for p in body.get("data") or ()]
        return i.ReportedPaymentsPage(rows, meta.get("pageNumber", page),
                                      meta.get("totPage", 1), body.get("count", len(rows)))

    # -- Checkout --
    def create_cart(self, cart):
        response = self._request("checkout", "POST", "/carts", cart_json(cart))
        if response.status_code == 302 and response.headers.get("Location"):
            return response.headers["Location"]
        raise _error(response.status_code if response.status_code != 302 else 502,
                     _problem(response))


def _problem(response):
    try:
        return response.json()
    except ValueError:
        return None


def cart_json(cart):
    """The CartRequestV2 of ``cart``."""
    urls = {"returnOkUrl": cart.return_ok_url, "returnCancelUrl": cart.return_cancel_url,
            "returnErrorUrl": cart.return_error_url,
            "returnWaitingUrl": cart.return_waiting_url or cart.return_error_url}
    body = _prune({
        "paymentNotices": [{"noticeNumber": n.notice_number, "fiscalCode": n.fiscal_code,
                            "amount": n.amount, "companyName": n.company_name[:140],
                            "description": n.description[:140]} for n in cart.notices],
        "returnUrls": urls, "emailNotice": cart.email, "idCart": cart.id_cart})
    if cart.all_ccp is not None:
        body["allCCP"] = bool(cart.all_ccp)
    return body
