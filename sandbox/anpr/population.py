"""The fake population of the sandbox ANPR: families with valid FAKE codici fiscali.

The citizens of the sandbox SPID/CIE broker (``sandbox/oidc_broker``) are
here, so the demo citizens exist in ANPR: the Rossi family lives in the demo
Comune (Mario with Giulia Bianchi and two children), Luca Verdi with his
daughter, Paolo Romano alone; Francesca Esposito lives in another Comune
(the "not resident" case). Codici fiscali come from
:func:`comune.istanze.fakes.fiscal_code` (birth place Z999: no real place).
"""

from comune.istanze.fakes import fiscal_code
from sandbox.oidc_broker.identities import CITIZENS

#: the demo Comune (ISTAT code made up: no real Comune has it)
DEMO_COMUNE = {"nomeComune": "ESEMPIO", "codiceIstat": "999001", "siglaProvinciaIstat": "EE"}
OTHER_COMUNE = {"nomeComune": "ALTROVE", "codiceIstat": "999002", "siglaProvinciaIstat": "EE"}


def _broker(first):
    return next(c for c in CITIZENS if c["given_name"] == first)


def person(first, last, year, month, day, female=False, cf=None):
    return {"codiceFiscale": cf or fiscal_code(first, last, year, month, day, female),
            "nome": first.upper(), "cognome": last.upper(), "sesso": "F" if female else "M",
            "dataNascita": f"{year:04d}-{month:02d}-{day:02d}"}


def _from_broker(first, year, month, day, female=False):
    citizen = _broker(first)
    return person(first, citizen["family_name"], year, month, day, female, citizen["fiscal_code"])


def residence(comune, specie, name, number, cap, since="2015-04-01"):
    return {"comune": comune, "specie": specie, "denominazione": name, "numero": number,
            "cap": cap, "since": since}


FAMILIES = (
    {"id": "F1", "residence": residence(DEMO_COMUNE, "VIA", "ROMA", "12", "00100"),
     "members": [(_from_broker("Mario", 1980, 1, 1), "intestatario scheda"),
                 (_from_broker("Giulia", 1985, 3, 12, True), "coniuge"),
                 (person("Marco", "Rossi", 2012, 6, 15), "figlio"),
                 (person("Sara", "Rossi", 2015, 9, 3, True), "figlia")]},
    {"id": "F2", "residence": residence(DEMO_COMUNE, "PIAZZA", "GARIBALDI", "3", "00100"),
     "members": [(_from_broker("Luca", 1972, 7, 23), "intestatario scheda"),
                 (person("Chiara", "Verdi", 2004, 2, 10, True), "figlia")]},
    {"id": "F3", "residence": residence(OTHER_COMUNE, "VIALE", "EUROPA", "45", "00200"),
     "members": [(_from_broker("Francesca", 1990, 11, 5, True), "intestatario scheda")]},
    {"id": "F4", "residence": residence(DEMO_COMUNE, "CORSO", "ITALIA", "7", "00100"),
     "members": [(_from_broker("Paolo", 1958, 5, 30), "intestatario scheda")]},
)


def index(families=FAMILIES):
    """codice fiscale -> (person, bond, family)."""
    return {p["codiceFiscale"]: (p, bond, fam) for fam in families for p, bond in fam["members"]}
