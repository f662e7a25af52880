"""Sandbox INAD (Indice Nazionale dei Domicili Digitali): the extraction API.

The demo citizens are the sandbox SPID/CIE broker's (valid but FAKE codici
fiscali, ``sandbox/oidc_broker/identities.py``); their digital domiciles
are fake PEC addresses under ``.example``:

- Mario Rossi, Giulia Bianchi: a PEC domicile as natural persons;
- Francesca Esposito: a domicile elected as a professional (Avvocato);
- Paolo Romano: a domicile he ceased (CESSAZIONE_VOLONTARIA), so none now;
- Luca Verdi: none (404).
"""

from dataclasses import dataclass
from sandbox.oidc_broker.identities import CITIZENS
from sandbox.pdnd import DEMO_PURPOSES


AUDIENCE = DEMO_PURPOSES["inad"].audience
PURPOSE_ID = DEMO_PURPOSES["inad"].id
BASE_PATH = "/rest/inad/v1/domiciliodigitale"


@dataclass(frozen=True)
class Domicile:
    codice_fiscale: str
    address: str
    elected: str  # ISO date-time the domicile was elected
    profession: str = ""
    ended: str = ""  # ISO date-time, for a ceased domicile
    motivation: str = ""


def _cf(first, last):
    return next(c["fiscal_code"] for c in CITIZENS
                if (c["given_name"], c["family_name"]) == (first, last))


DEMO_DOMICILES = (
    Domicile(_cf("Mario", "Rossi"), "mario.rossi@pec.cittadini.example", "2024-01-10T09:00:00Z"),
    Domicile(_cf("Giulia", "Bianchi"), "giulia.bianchi@pec.cittadini.example",
             "2024-06-03T15:30:00Z"),
    Domicile(_cf("Francesca", "Esposito"), "avv.francesca.esposito@pec.avvocati.example",
             "2023-09-18T11:00:00Z", profession="Avvocato"),
    Domicile(_cf("Paolo", "Romano"), "paolo.romano@pec.cittadini.example",
             "2022-02-01T08:00:00Z", ended="2025-06-30T00:00:00Z",
             motivation="CESSAZIONE_VOLONTARIA"),
)
