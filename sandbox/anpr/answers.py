"""The shapes of the official ANPR OpenAPI (``RispostaE002OK``, ``RispostaKO``)
and the check of ``RichiestaE002``.

The request schema of ``spec/C001-servizioNotifica.yaml`` (copied unchanged
from the official specification, see ``spec/README.md``) says what is
required: ``idOperazioneClient`` and ``datiRichiesta`` with
``dataRiferimentoRichiesta`` (YYYY-MM-DD), ``motivoRichiesta``,
``casoUso``. The sandbox also wants ``criteriRicerca.codiceFiscale`` (the
only search it offers) and ``casoUso`` equal to the e-service's code.
"""

from datetime import date
from pathlib import Path

import itertools
import yaml


SPEC = Path(__file__).parent / "spec" / "C001-servizioNotifica.yaml"
_ids = itertools.count(1)


def request_schema():
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    return schemas["RichiestaE002"], schemas["TipoDatiRichiestaE002"]


REQUEST, DATI_RICHIESTA = request_schema()


def anpr_id():
    return f"ANPR-SANDBOX-{next(_ids):08d}"


def error(text, field="", code="EN001", kind="E"):
    return {"idOperazioneANPR": anpr_id(), "listaErrori": [
        {"codiceErroreAnomalia": code, "tipoErroreAnomalia": kind,
         "testoErroreAnomalia": text, "campoErroreAnomalia": field}]}


def check_request(body, case):
    """None, or the RispostaKO for a request that breaks the schema."""
    if not isinstance(body, dict):
        return error("Il corpo della richiesta non è un oggetto JSON")
    for name in REQUEST["required"]:
        if not body.get(name):
            return error(f"Campo obbligatorio mancante: {name}", name)
    if not str(body["idOperazioneClient"]).isdigit():
        return error("idOperazioneClient deve essere numerico", "idOperazioneClient")
    dati = body["datiRichiesta"]
    if not isinstance(dati, dict):
        return error("datiRichiesta non è un oggetto", "datiRichiesta")
    for name in DATI_RICHIESTA["required"]:
        if not str(dati.get(name) or "").strip():
            return error(f"Campo obbligatorio mancante: datiRichiesta.{name}", name)
    try:
        date.fromisoformat(dati["dataRiferimentoRichiesta"])
    except (TypeError, ValueError):
        return error("dataRiferimentoRichiesta non è una data AAAA-MM-GG",
                     "dataRiferimentoRichiesta")
    if dati["casoUso"] != case:
        return error(f"casoUso {dati['casoUso']} non ammesso su questo e-service ({case})",
                     "casoUso")
    cf = ((body.get("criteriRicerca") or {}).get("codiceFiscale") or "").strip()
    if not cf:
        return error("Criterio di ricerca mancante: codiceFiscale", "codiceFiscale")
    return None


def generalita(person):
    return {
        "codiceFiscale": {"codFiscale": person["codiceFiscale"], "validitaCF": "1"},
        "cognome": person["cognome"], "nome": person["nome"], "sesso": person["sesso"],
        "dataNascita": person["dataNascita"],
        "luogoNascita": {"localita": {"descrizioneLocalita": "LUOGO DI PROVA",
                                      "descrizioneStato": "STATO DI PROVA", "codiceStato": "999"}},
        "idSchedaSoggettoANPR": "SANDBOX" + person["codiceFiscale"][:6],
    }


def residenza(family):
    res = family["residence"]
    return [{
        "tipoIndirizzo": "1",
        "indirizzo": {
            "cap": res["cap"], "comune": dict(res["comune"]),
            "toponimo": {"specie": res["specie"], "denominazioneToponimo": res["denominazione"]},
            "numeroCivico": {"numero": res["numero"]},
        },
        "dataDecorrenzaResidenza": res["since"],
    }]


def soggetto(person, family, bond=None, with_residence=True):
    item = {"generalita": generalita(person),
            "identificativi": {"idANPR": "SBX" + person["codiceFiscale"][-8:]}}
    if with_residence:
        item["residenza"] = residenza(family)
    if bond:
        item["infoSoggettoEnte"] = [{"id": "1", "chiave": "legameSoggetto", "valoreTesto": bond}]
    return item


def ok(subjects):
    return {"idOperazioneANPR": anpr_id(), "listaSoggetti": {"datiSoggetto": subjects}}


#: e-service path -> (casoUso, answer builder(person, bond, family))
ESERVICES = {
    "C015-servizioAccertamentoGeneralita": (
        "C015", lambda p, b, f: ok([soggetto(p, f, with_residence=False)])),
    "C020-servizioAccertamentoResidenza": (
        "C020", lambda p, b, f: ok([soggetto(p, f)])),
    "C021-servizioAccertamentoStatoFamiglia": (
        "C021", lambda p, b, f: ok([soggetto(m, f, bond) for m, bond in f["members"]])),
}
