"""``make start PROTOCOLLO=agid``: the registry records and the simulator's
arguments that select the AgID adapter (default stays "soap")."""

from pathlib import Path
from signxml.xades import XAdESSigner
from signxml.xades import XAdESVerifier
from lxml import etree

import json
import os
import pytest
import subprocess
import sys


ROOT = Path(__file__).resolve().parents[2]


def simulator_setup(choice=None):
    """wanted_records and the protocol simulator's command, as serve.py and
    create_site.py see them with the environment serve.py gives them."""
    env = {k: v for k, v in os.environ.items() if k != "COMUNE_ISTANZE_PROTOCOLLO"}
    if choice:
        env["COMUNE_ISTANZE_PROTOCOLLO"] = choice
    code = ("import json, sandbox; sim = [s for s in sandbox.SIMULATORS if s.name == 'protocol'][0];"
            "print(json.dumps({'records': sandbox.wanted_records(8080), 'title': sim.title,"
            "'command': sim.command('py', 8080, 'Comune')}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def test_default_stays_soap():
    setup = simulator_setup()
    assert setup["records"]["comune.istanze.protocol.adapter"] == "soap"
    assert setup["records"]["comune.istanze.protocol.url"] == "http://127.0.0.1:8082/protocollo"
    assert "comune.istanze.protocol.agid.key_file" not in setup["records"]


def test_agid_choice_writes_the_agid_records():
    setup = simulator_setup("agid")
    records = setup["records"]
    assert records["comune.istanze.protocol.adapter"] == "agid"
    assert records["comune.istanze.protocol.url"] == "http://127.0.0.1:8082/agid/destinatario"
    assert records["comune.istanze.protocol.agid.callback_password"] == "sandbox-agid-password"
    assert "AgID" in setup["title"]
    command = setup["command"]
    url = command[command.index("--mittente-url") + 1]
    assert url == "http://127.0.0.1:8080/Comune/@@protocollo-aoo-mittente"
    assert command[command.index("--mittente-password") + 1] == "sandbox-agid-password"
    # the demo pair of the sending AOO: the key signs what the certificate verifies
    key = Path(records["comune.istanze.protocol.agid.key_file"]).read_bytes()
    cert = records["comune.istanze.protocol.agid.certificate"]
    signed = XAdESSigner(signature_algorithm="rsa-sha256", digest_algorithm="sha256").sign(
        etree.fromstring(b"<prova>demo</prova>"), key=key, cert=cert.encode())
    assert len(XAdESVerifier().verify(etree.tostring(signed), x509_cert=cert, expect_references=3)) == 3


def test_unknown_choice_is_refused():
    import sandbox

    with pytest.raises(ValueError, match="Adattatore di protocollo sconosciuto"):
        sandbox.protocol_records("pec")
    serve = subprocess.run([sys.executable, "scripts/serve.py", "--protocollo", "pec"], cwd=ROOT,
                           capture_output=True, text=True)
    assert serve.returncode == 2 and "invalid choice: 'pec'" in serve.stderr


def test_sandbox_cli_takes_the_sender_endpoint(monkeypatch):
    import sandbox.protocol.__main__ as entry

    seen = {}
    monkeypatch.setattr(entry, "serve", lambda *args, **kw: seen.setdefault("agid", kw["agid"]))
    entry.main(["--port", "0", "--mittente-url", "http://127.0.0.1:8080/Plone/@@protocollo-aoo-mittente",
                "--mittente-password", "x"])
    assert seen["agid"]["mittente_url"].endswith("/@@protocollo-aoo-mittente")
    assert seen["agid"]["mittente_password"] == "x"
    assert "BEGIN CERTIFICATE" in seen["agid"]["mittente_cert"]
