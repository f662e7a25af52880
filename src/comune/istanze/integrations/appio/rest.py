"""The REST client of App IO (``io-functions-services``, IO API for PA services).

The only module that knows App IO's URLs, headers and JSON. Every call sends
the service's ``Ocp-Apim-Subscription-Key``; the fiscal code travels in the
request body where the spec allows it (``POST /profiles``, ``POST
/messages``), never in a URL that proxies log, except for ``getMessage``
whose only form is ``GET /messages/{fiscal_code}/{id}``. Every network
failure and error answer becomes an :mod:`.errors` exception (Italian).
"""

from comune.istanze.integrations.appio import interfaces as i
from comune.istanze.integrations.appio.config import setting
from comune.istanze.integrations.appio.errors import AppIORejected
from comune.istanze.integrations.appio.errors import AppIOUnavailable
from datetime import datetime
from datetime import timezone
from urllib.parse import quote
from zope.interface import implementer
from zoneinfo import ZoneInfo


REFUSALS = {
    400: "App IO ha rifiutato il messaggio perché non valido",
    401: "Chiave di sottoscrizione App IO mancante o non valida",
    403: "App IO nega l'accesso: il servizio non è abilitato a questa operazione",
    404: "App IO non ha trovato quanto richiesto",
}


def _utc(value):
    if value is None:
        return None
    if not hasattr(value, "hour"):  # a date: the end of the day in Italy
        value = datetime(value.year, value.month, value.day, 23, 59, 59)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("Europe/Rome"))
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def message_json(m):
    """The ``NewMessage`` body of ``m`` (fiscal code in the body)."""
    content = {"subject": m.subject, "markdown": m.markdown}
    if m.payment_data is not None:
        p = m.payment_data
        content["payment_data"] = {
            "amount": p.amount, "notice_number": p.notice_number,
            "invalid_after_due_date": p.invalid_after_due_date,
            "payee": {"fiscal_code": p.payee_fiscal_code}}
    if m.due_date is not None:
        content["due_date"] = _utc(m.due_date)
    return {"time_to_live": m.time_to_live, "fiscal_code": m.fiscal_code, "content": content}


def problem(status, body):
    text = REFUSALS.get(status) or f"App IO ha risposto {status}"
    if isinstance(body, dict) and (body.get("detail") or body.get("title")):
        text += f". Dettaglio: {body.get('detail') or body.get('title')}"
    return text


@implementer(i.IAppIOClient)
class RestClient:
    """Talks to the URL and key of the registry (read at each call: rotation
    needs no restart). ``session``: a requests session (tests)."""

    def __init__(self, session=None):
        self._session = session

    def _request(self, method, path, body=None):
        import requests

        base = (setting("url") or "").rstrip("/")
        headers = {"Ocp-Apim-Subscription-Key": setting("api_key") or "",
                   "Accept": "application/json"}
        try:
            response = (self._session or requests).request(
                method, base + path, json=body, headers=headers,
                timeout=setting("timeout") or 10, allow_redirects=False)
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise AppIOUnavailable(f"App IO non raggiungibile: {exc}") from exc
        except requests.RequestException as exc:
            raise AppIOUnavailable(f"Errore nella chiamata ad App IO: {exc}") from exc
        return response

    @staticmethod
    def _json(response, ok):
        try:
            body = response.json() if response.content else {}
        except ValueError:
            body = None
        if response.status_code in ok and isinstance(body, dict):
            return body
        if response.status_code in ok or response.status_code == 429 \
                or response.status_code >= 500:
            raise AppIOUnavailable(problem(response.status_code, body), response.status_code)
        raise AppIORejected(problem(response.status_code, body), response.status_code)

    def get_profile(self, fiscal_code):
        response = self._request("POST", "/profiles", {"fiscal_code": fiscal_code})
        if response.status_code == 404:
            return None
        body = self._json(response, (200,))
        if not isinstance(body.get("sender_allowed"), bool):
            raise AppIOUnavailable("Risposta di App IO senza «sender_allowed»")
        return i.Profile(sender_allowed=body["sender_allowed"],
                         preferred_languages=list(body.get("preferred_languages") or ()))

    def submit_message(self, message):
        body = self._json(self._request("POST", "/messages", message_json(message)), (201,))
        if not body.get("id"):
            raise AppIOUnavailable("Risposta di App IO senza identificativo del messaggio")
        return body["id"]

    def get_message(self, fiscal_code, message_id):
        path = f"/messages/{quote(fiscal_code, safe='')}/{quote(message_id, safe='')}"
        body = self._json(self._request("GET", path), (200,))
        return i.MessageStatus(id=(body.get("message") or {}).get("id") or message_id,
                               status=body.get("status") or "",
                               notification=dict(body.get("notification") or {}))
