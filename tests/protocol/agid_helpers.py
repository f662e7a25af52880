"""Requests and settings for the AgID adapter tests without a site."""

from comune.istanze.integrations.protocol.agid.client import AgidProtocolAdapter
from comune.istanze.integrations.protocol.interfaces import Correspondent
from comune.istanze.integrations.protocol.interfaces import OutgoingDocument
from comune.istanze.integrations.protocol.interfaces import ProtocolRequest
from comune.istanze.fakes import fiscal_code
from types import SimpleNamespace

import hashlib


def document(name, data, description=""):
    return OutgoingDocument(name, "application/pdf", data, hashlib.sha256(data).hexdigest(), description)


def protocol_request(key="protocol.incoming:uid-1", primary=None):
    return ProtocolRequest(
        key=key,
        direction="Entrata",
        subject="Istanza 2026-CONTAFF-000001 — Contributo affitto",
        classification_code="7.1",
        classification_title="Contributo affitto",
        correspondent=Correspondent("Niccolò", "Rossi", fiscal_code("Niccolò", "Rossi"), "n.rossi@example.it"),
        primary=primary or document("ricevuta.pdf", b"%PDF-1.7 ricevuta", "Ricevuta di presentazione"),
        attachments=[document("contratto.pdf", b"%PDF-1.7 contratto", "Contratto di locazione")],
    )


def identifier(number="0000001"):
    return {"CodiceAmministrazione": "c_x999", "CodiceAOO": "aoo_istanze", "CodiceRegistro": "ISTANZE",
            "NumeroRegistrazione": number, "DataRegistrazione": "2026-11-30", "OraRegistrazione": "09:30:00"}


def adapter(url, key_file, cert_pem, timeout=10):
    settings = SimpleNamespace(url=url, username="", password="", timeout=timeout)
    agid = SimpleNamespace(amministrazione="c_x999", denominazione="Comune di Esempio",
                           aoo_mittente="aoo_istanze", registro_mittente="ISTANZE",
                           aoo_destinatario="aoo_esempio", key_file=key_file, key_env="",
                           certificate=cert_pem)
    return AgidProtocolAdapter(settings, agid)
