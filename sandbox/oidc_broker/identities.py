"""Fake citizens of the sandbox broker: valid but FAKE codici fiscali."""

from comune.istanze.fakes import fiscal_code


def _citizen(first, last, year, month, day, female=False):
    cf = fiscal_code(first, last, year, month, day, female)
    return {
        "fiscal_code": cf,
        "given_name": first,
        "family_name": last,
        "email": f"{first}.{last}@cittadini.example".lower(),
    }


CITIZENS = (
    _citizen("Mario", "Rossi", 1980, 1, 1),
    _citizen("Giulia", "Bianchi", 1985, 3, 12, female=True),
    _citizen("Luca", "Verdi", 1972, 7, 23),
    _citizen("Francesca", "Esposito", 1990, 11, 5, female=True),
    _citizen("Paolo", "Romano", 1958, 5, 30),
)

METHODS = {"spid": "SPID", "cie": "CIE", "cns": "CNS"}

LEVELS = ("SpidL1", "SpidL2", "SpidL3")

ACR_PREFIX = "https://www.spid.gov.it/"

FISCAL_NUMBER_CLAIM = "https://attributes.eid.gov.it/fiscal_number"

# Test hooks offered on the authorization page.
HOOKS = {
    "": "Nessuna (accesso regolare)",
    "bad_state": "Restituisci uno state sbagliato",
    "bad_nonce": "Metti un nonce sbagliato nell'id_token",
    "expired_code": "Fai scadere il codice di autorizzazione",
    "tampered_id_token": "Altera l'id_token dopo la firma",
}


def by_fiscal_code(cf):
    for citizen in CITIZENS:
        if citizen["fiscal_code"] == cf:
            return citizen
    return None
