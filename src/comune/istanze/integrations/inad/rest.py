"""The REST client of INAD (``inad_api_extraction.yaml``, AgID).

The only module that knows INAD's URLs and JSON shapes. Every call carries
the PDND voucher of the INAD purpose and the ModI headers
(``comune.istanze.integrations.pdnd``); every network failure and every
error answer (``Errore``: ``status``, ``type``, ``detail``) becomes an
:mod:`~comune.istanze.integrations.inad.errors` exception with an Italian
message (INAD's ``detail`` kept after "Dettaglio:").
"""

from comune.istanze.integrations.inad import interfaces as i
from comune.istanze.integrations.inad.errors import INADNotFound
from comune.istanze.integrations.inad.errors import INADRejected
from comune.istanze.integrations.inad.errors import INADUnavailable
from datetime import datetime
from urllib.parse import quote
from urllib.parse import urlencode
from zope.interface import implementer

import json
import re


CF = re.compile(r"^(?:[0-9]{11}|[A-Z]{6}[0-9]{2}[A-Z][0-9]{2}[A-Z][0-9]{3}[A-Z])$")
REFUSALS = {
    400: "INAD ha rifiutato la richiesta perché non valida",
    401: "INAD non ha accettato il voucher PDND o gli header ModI del Comune",
    403: "INAD nega l'accesso: il Comune non è abilitato a questa operazione",
    404: "INAD non ha trovato quanto richiesto",
}


def normal_cf(value):
    """``value`` as INAD wants it (upper case), or None when it is no codice fiscale."""
    value = (value or "").strip().upper()
    return value if CF.match(value) else None


def _when(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def domiciles_from_json(item):
    """The DigitalDomicile list of a Response_Request_Digital_Address."""
    cf = item.get("codiceFiscale") or ""
    found = []
    for element in item.get("digitalAddress") or ():
        usage = element.get("usageInfo") or {}
        found.append(i.DigitalDomicile(
            codice_fiscale=cf, address=element.get("digitalAddress") or "",
            since=_when(item.get("since")), profession=element.get("practicedProfession") or "",
            ended=_when(usage.get("dateEndValidity")), end_reason=usage.get("motivation") or ""))
    return found


def first_active(domiciles):
    return next((d for d in domiciles if d.address and d.active()), None)


def problem_message(status, body):
    base = REFUSALS.get(status) or "Servizio INAD non disponibile o in errore"
    detail = str(body.get("detail") or body.get("type") or "") if isinstance(body, dict) else ""
    return f"{base} (HTTP {status})." + (f" Dettaglio: {detail}" if detail else "")


@implementer(i.IINADClient)
class INADClient:
    """Named utility ``inad``: INAD's extraction e-service through PDND."""

    title = "INAD (domicili digitali)"

    def __init__(self, settings=None, pdnd=None, session=None):
        self._settings = settings
        self._pdnd = pdnd
        self._session = session

    def settings(self):
        if self._settings is not None:
            return self._settings
        from comune.istanze.integrations.inad.config import inad_settings

        return inad_settings()

    def pdnd(self):
        if self._pdnd is not None:
            return self._pdnd
        from comune.istanze.integrations.pdnd import client

        found = client()
        if found is None:
            raise INADRejected("PDND non configurata: INAD richiede un voucher PDND.")
        return found

    def _call(self, method, path, params=None, payload=None, ok=(200,), user_id=None):
        import requests

        s = self.settings()
        base = (s.url or "").rstrip("/")
        if not base:
            raise INADRejected("Indirizzo dell'e-service INAD non configurato.")
        url = base + path + (f"?{urlencode(params)}" if params else "")
        body = json.dumps(payload).encode("utf-8") if payload is not None else None
        headers = {"Accept": "application/json"}
        pdnd = self.pdnd()
        audit = pdnd.default_audit(user_id) if user_id else None
        headers.update(pdnd.headers(s.purpose_id, method, url, body, s.audience or base,
                                    audit=audit))
        try:
            answer = (self._session or requests).request(
                method, url, data=body, headers=headers, allow_redirects=False,
                timeout=(s.connect_timeout or 5, s.read_timeout or 15))
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise INADUnavailable(f"Servizio INAD non raggiungibile: {exc}") from exc
        try:
            data = answer.json()
        except ValueError:
            data = None
        if answer.status_code in ok:
            if not isinstance(data, dict):
                raise INADUnavailable("Risposta non valida da INAD.", answer.status_code)
            return answer.status_code, data
        message = problem_message(answer.status_code, data)
        if answer.status_code == 404:
            raise INADNotFound(message, 404)
        if answer.status_code in REFUSALS:
            raise INADRejected(message, answer.status_code)
        raise INADUnavailable(message, answer.status_code)

    def _cf(self, value):
        cf = normal_cf(value)
        if cf is None:
            raise INADRejected(f"Codice fiscale non valido per INAD: «{value}».", 400)
        return cf

    # -- API ESTRAZIONI PUNTUALI ---------------------------------------------

    def extract(self, codice_fiscale, practical_reference, user_id=None):
        cf = self._cf(codice_fiscale)
        try:
            _status, data = self._call("GET", f"/extract/{quote(cf)}",
                                       {"practicalReference": practical_reference},
                                       user_id=user_id)
        except INADNotFound:
            return None  # no domicile elected
        return first_active(domiciles_from_json(data))

    def verify(self, codice_fiscale, address, since, practical_reference, user_id=None):
        cf = self._cf(codice_fiscale)
        _status, data = self._call("GET", f"/verify/{quote(cf)}", {
            "digital_address": address, "since": since.isoformat(),
            "practicalReference": practical_reference}, user_id=user_id)
        return data.get("outcome") is True

    # -- API ESTRAZIONI MULTIPLE ---------------------------------------------

    def request_list(self, codici_fiscali, practical_reference, user_id=None):
        codes = [self._cf(cf) for cf in codici_fiscali]
        if not codes or len(codes) > i.LIST_MAX:
            raise INADRejected(f"Da 1 a {i.LIST_MAX} codici fiscali per richiesta INAD.")
        _status, data = self._call("POST", "/listDigitalAddress", payload={
            "codiciFiscali": codes, "praticalReference": practical_reference}, ok=(202,),
            user_id=user_id)
        if not data.get("id"):
            raise INADUnavailable("INAD non ha restituito l'identificativo della richiesta.")
        return i.ListRequest(id=data["id"], state=data.get("state") or "",
                             message=data.get("message") or "",
                             requested=_when(data.get("dateTimeRequest")))

    def list_state(self, request_id, user_id=None):
        _status, data = self._call("GET", f"/listDigitalAddress/state/{quote(request_id)}",
                                   ok=(200, 303), user_id=user_id)
        return i.ListRequest(id=request_id, state=data.get("state") or "",
                             message=data.get("message") or "")

    def list_response(self, request_id, user_id=None):
        _status, data = self._call("GET", f"/listDigitalAddress/response/{quote(request_id)}",
                                   user_id=user_id)
        return {item.get("codiceFiscale"): first_active(domiciles_from_json(item))
                for item in data.get("list") or () if item.get("codiceFiscale")}
