"""The ANPR e-services on PDND (REST, ModI): the only module that knows
their URLs and JSON shapes.

Every e-service of the ANPR catalogue answers ``POST
{base}/{e-service}/v1/anpr-service-e002`` with the body ``RichiestaE002``
(``idOperazioneClient``, ``criteriRicerca.codiceFiscale``, ``datiRichiesta``
with ``dataRiferimentoRichiesta``, ``motivoRichiesta``, ``casoUso``) and the
answer ``RispostaE002OK`` (``listaSoggetti.datiSoggetto[]`` with
``generalita``, ``residenza``, ``infoSoggettoEnte``) or ``RispostaKO``
(``listaErrori``). The headers come from PDND (voucher, Digest,
Agid-JWT-Signature, Agid-JWT-TrackingEvidence: INTEGRITY_REST_02 and
AUDIT_REST_02 as the OpenAPI asks).

``idOperazioneClient`` must be numeric and increasing: it is the time in
microseconds plus a random tail (no shared counter to write on the hot
path). The bond of a member with the intestatario in the stato di famiglia
is read from ``infoSoggettoEnte`` (``chiave`` "legameSoggetto",
``valoreTesto``): the official C001 OpenAPI has no dedicated element.
"""

from comune.istanze.integrations.anpr.errors import ANPRNotFound
from comune.istanze.integrations.anpr.errors import ANPRRejected
from comune.istanze.integrations.anpr.errors import ANPRUnavailable
from comune.istanze.integrations.anpr.interfaces import IANPRClient
from comune.istanze.integrations.anpr.interfaces import Residence
from comune.istanze.integrations.anpr.interfaces import Subject
from datetime import date
from zope.interface import implementer

import json
import logging
import random
import time


logger = logging.getLogger(__name__)

#: our use -> (e-service of the ANPR catalogue, casoUso, purpose record)
ESERVICES = {
    "generalities": ("C015-servizioAccertamentoGeneralita", "C015", "purpose_generalita"),
    "residence": ("C020-servizioAccertamentoResidenza", "C020", "purpose_residenza"),
    "family": ("C021-servizioAccertamentoStatoFamiglia", "C021", "purpose_famiglia"),
}
PATH = "anpr-service-e002"


def operation_id():
    """Numeric, increasing, without a shared counter."""
    return f"{time.time_ns() // 1000}{random.randint(0, 99):02d}"


def request_body(fiscal_code, reason, case, today=None):
    return {
        "idOperazioneClient": operation_id(),
        "criteriRicerca": {"codiceFiscale": fiscal_code},
        "datiRichiesta": {
            "dataRiferimentoRichiesta": (today or date.today()).isoformat(),
            "motivoRichiesta": reason,
            "casoUso": case,
        },
    }


def _text(value):
    return (value or "").strip() if isinstance(value, str) else ""


def parse_residence(items):
    """The first ``TipoResidenza`` of the list as a :class:`Residence`."""
    if not items:
        return None
    item = items[0] or {}
    address = item.get("indirizzo") or {}
    comune = address.get("comune") or {}
    toponym = address.get("toponimo") or {}
    civic = address.get("numeroCivico") or {}
    street = " ".join(filter(None, (_text(toponym.get("specie")),
                                    _text(toponym.get("denominazioneToponimo")))))
    number = _text(civic.get("numero")) + _text(civic.get("lettera"))
    if _text(civic.get("esponente1")):
        number += "/" + _text(civic.get("esponente1"))
    return Residence(street=street, number=number, cap=_text(address.get("cap")),
                     comune=_text(comune.get("nomeComune")), istat=_text(comune.get("codiceIstat")),
                     province=_text(comune.get("siglaProvinciaIstat")),
                     since=_text(item.get("dataDecorrenzaResidenza")))


def parse_subject(data):
    """A ``TipoDatiSoggettiEnte`` as a :class:`Subject`."""
    gen = data.get("generalita") or {}
    place = gen.get("luogoNascita") or {}
    birth_place = _text((place.get("comune") or {}).get("nomeComune")) or _text(
        (place.get("localita") or {}).get("descrizioneLocalita"))
    relation = ""
    for info in data.get("infoSoggettoEnte") or ():
        if (info or {}).get("chiave") == "legameSoggetto":
            relation = _text(info.get("valoreTesto"))
    return Subject(
        fiscal_code=_text((gen.get("codiceFiscale") or {}).get("codFiscale")).upper(),
        first_name=_text(gen.get("nome")), last_name=_text(gen.get("cognome")),
        sex=_text(gen.get("sesso")), birth_date=_text(gen.get("dataNascita")),
        birth_place=birth_place, residence=parse_residence(data.get("residenza")),
        relation=relation,
    )


def subjects_of(answer):
    items = ((answer or {}).get("listaSoggetti") or {}).get("datiSoggetto") or []
    return [parse_subject(item or {}) for item in items]


def first_error(answer):
    for error in (answer or {}).get("listaErrori") or ():
        return _text((error or {}).get("testoErroreAnomalia")) or _text(
            (error or {}).get("codiceErroreAnomalia"))
    return ""


@implementer(IANPRClient)
class RestANPRClient:
    """The ANPR e-services on PDND (named utility "rest")."""

    title = "ANPR (e-service PDND)"

    def __init__(self, settings=None, pdnd_client=None, session=None):
        self._settings = settings  # tests pass plain objects; else the registry
        self._pdnd = pdnd_client  # else the configured PDND client
        self._session = session

    def settings(self):
        from comune.istanze.integrations.anpr.config import anpr_settings

        return self._settings or anpr_settings()

    def pdnd_client(self):
        from comune.istanze.integrations import pdnd

        return self._pdnd or pdnd.client()

    def generalities(self, fiscal_code, reason, timeout=None):
        return self._one(self._call("generalities", fiscal_code, reason, timeout), fiscal_code)

    def residence(self, fiscal_code, reason, timeout=None):
        return self._one(self._call("residence", fiscal_code, reason, timeout), fiscal_code)

    def family(self, fiscal_code, reason, timeout=None):
        members = subjects_of(self._call("family", fiscal_code, reason, timeout))
        if not members:
            raise ANPRNotFound(fiscal_code)
        return members

    @staticmethod
    def _one(answer, fiscal_code):
        subjects = subjects_of(answer)
        if not subjects:
            raise ANPRNotFound(fiscal_code)
        return subjects[0]

    def _call(self, use, fiscal_code, reason, timeout):
        from comune.istanze.integrations.pdnd.errors import PDNDError

        import requests

        settings = self.settings()
        eservice, case, purpose_record = ESERVICES[use]
        base = f"{(settings.base_url or '').rstrip('/')}/{eservice}/v1"
        url = f"{base}/{PATH}"
        body = json.dumps(request_body((fiscal_code or "").upper(), reason, case)).encode()
        timeout = timeout or settings.timeout
        pdnd_client = self.pdnd_client()
        if pdnd_client is None or not settings.base_url:
            raise ANPRUnavailable("PDND o ANPR non configurati")
        try:
            headers = pdnd_client.headers(getattr(settings, purpose_record) or "", "POST", url,
                                          body, (settings.audience or "").strip() or base)
        except PDNDError as exc:
            raise ANPRUnavailable(f"voucher PDND: {exc}") from None
        headers = {**headers, "Content-Type": "application/json", "Accept": "application/json"}
        started = time.monotonic()
        try:
            resp = (self._session or requests).post(url, data=body, headers=headers,
                                                    timeout=(timeout, timeout))
        except requests.RequestException as exc:
            logger.warning("ANPR %s: %s", case, exc)
            raise ANPRUnavailable(f"{case}: {type(exc).__name__}") from None
        logger.info("ANPR %s: HTTP %s in %.2f s", case, resp.status_code, time.monotonic() - started)
        try:
            answer = resp.json()
        except ValueError:
            answer = None
        if resp.status_code == 404:
            raise ANPRNotFound(first_error(answer))
        if resp.status_code >= 500 or answer is None:
            raise ANPRUnavailable(f"{case}: HTTP {resp.status_code}")
        if resp.status_code != 200:
            raise ANPRRejected(first_error(answer) or f"HTTP {resp.status_code}")
        return answer
