"""Every command of docs/guida-operatore.md, run as written.

The guide's command blocks are fenced `` ```sh test=<name> ``; each is run
with bash (``set -e``) against the operations instance (tests/operations/
conftest.py: ZEO, Zope served here on 127.0.0.1), with the guide's variables
SITO, ZOPE, ADMIN, CHIAVI, PYTHON set to it, and its effect is checked by
the function of the same name below. A block without a name or without a
check fails ``test_every_command_block_is_run``.
"""

from pathlib import Path
from tests.operations.instance import get
from tests.operations.instance import ROOT
from tests.operations.site_script import ADMIN
from tests.operations.site_script import EXISTING

import hashlib
import json
import os
import pytest
import re
import stat
import subprocess


GUIDE = ROOT / "docs" / "guida-operatore.md"
BLOCK = re.compile(r"^```sh test=([\w-]+)\n(.*?)^```", re.M | re.S)
SECRETS = {"smtp-password": "smtp-Segreto-1", "spid-client-secret": "spid-Segreto-2",
           "pagopa-gpd-key": "gpd-Chiave-3", "protocollo-password": "prot-Segreto-4"}


def blocks():
    return dict(BLOCK.findall(GUIDE.read_text("utf-8")))


@pytest.fixture(scope="module")
def guide_env(original, tmp_path_factory):
    """The guide's variables; a working folder laid out like the checkout
    (Makefile, scripts, venv, instance and var of the test instance)."""
    work = tmp_path_factory.mktemp("guida")
    for name in ("Makefile", "scripts", ".venv"):
        (work / name).symlink_to(ROOT / name)
    (work / "instance").symlink_to(original.instance)
    (work / "var").symlink_to(original.var)
    keys = work / "chiavi"
    keys.mkdir(mode=0o700)
    for name, value in SECRETS.items():
        (keys / name).write_text(value + "\n")
    original.start_zope()
    # the operator's shell: no variables of the Makefile, and none of an
    # enclosing `make test` (MAKELEVEL makes a nested make print its directory)
    env = {k: v for k, v in os.environ.items()
           if k not in ("INSTANCE", "VAR", "BACKUP_DIR", "MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    env.update(SITO=original.url, ZOPE=original.url.rsplit("/", 1)[0], ADMIN=":".join(ADMIN),
               CHIAVI=str(keys), PYTHON=str(ROOT / ".venv" / "bin" / "python"),
               PATH=f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    try:
        yield {"env": env, "work": work, "keys": keys, "site": original}
    finally:
        original.stop_zope()


def run(name, guide_env, cwd=None, **extra):
    result = subprocess.run(["bash", "-e", "-c", blocks()[name]], cwd=cwd or guide_env["work"],
                            env=dict(guide_env["env"], **extra), capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def registry(site, record):
    status, body = get(f"{site.url}/@registry/{record}", auth=ADMIN)
    assert status == 200, body
    return json.loads(body)


def profile_version():
    metadata = ROOT / "src/comune/istanze/profiles/default/metadata.xml"
    return re.search(r"<version>\s*([^<\s]+)", metadata.read_text("utf-8")).group(1)


# --- one check per block ---------------------------------------------------

def check_installa(guide_env):
    run("installa", guide_env, cwd=ROOT)
    where = subprocess.run([guide_env["env"]["PYTHON"], "-c",
                            "import comune.istanze; print(comune.istanze.__file__)"],
                           capture_output=True, text=True, check=True).stdout
    assert where.strip().startswith(str(ROOT / "src"))


def check_attiva(guide_env):
    site = guide_env["site"]
    existing = site.url.rsplit("/", 1)[0] + "/" + EXISTING
    status, body = get(f"{existing}/@addons/comune.istanze", auth=ADMIN)
    assert status == 200 and json.loads(body)["is_installed"] is False
    out = run("attiva", guide_env, SITO=existing)
    status, body = get(f"{existing}/@addons/comune.istanze", auth=ADMIN)
    addon = json.loads(body)
    assert addon["is_installed"] is True and "is_installed" in out
    assert addon["upgrade_info"]["installedVersion"] == profile_version()


def check_https(guide_env):
    out = run("https", guide_env)
    assert json.loads(out)["@id"] == "https://servizi.comune.example/@site"


# what the registry holds after each configuration block (secrets read from CHIAVI)
RECORDS = {
    "posta": {"plone.smtp_host": "smtp.comune.example", "plone.smtp_port": 587,
              "plone.smtp_pass": SECRETS["smtp-password"],
              "plone.email_from_address": "servizi-online@comune.example"},
    "spid": {"comune.istanze.spid.issuer": "https://broker.regione.example",
             "comune.istanze.spid.client_id": "comune-di-esempio",
             "comune.istanze.spid.client_secret": SECRETS["spid-client-secret"]},
    "pagopa": {"comune.istanze.pagopa.client": "gpd",
               "comune.istanze.pagopa.segregation_code": "01",
               "comune.istanze.pagopa.subscription_key": SECRETS["pagopa-gpd-key"]},
    "protocollo": {"comune.istanze.protocol.adapter": "soap",
                   "comune.istanze.protocol.url": "https://protocollo.comune.example/ws",
                   "comune.istanze.protocol.password": SECRETS["protocollo-password"]},
}
# the blocks that read one record back print it last
PRINTED = {"posta": '"smtp.comune.example"', "protocollo": '"soap"'}


def _registry_check(name):
    def check(guide_env):
        out = run(name, guide_env)
        for record, value in RECORDS[name].items():
            assert registry(guide_env["site"], record) == value, record
        if name in PRINTED:
            assert out.strip().endswith(PRINTED[name])
    return check


check_posta, check_spid, check_pagopa, check_protocollo = map(_registry_check, RECORDS)


def check_chiavi_pdnd(guide_env):
    from cryptography.hazmat.primitives import serialization

    run("chiavi-pdnd", guide_env)
    private, public = guide_env["keys"] / "pdnd-client.key", guide_env["keys"] / "pdnd-client.pub.pem"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    key = serialization.load_pem_private_key(private.read_bytes(), password=None)
    pub = serialization.load_pem_public_key(public.read_bytes())
    assert key.public_key().public_numbers() == pub.public_numbers()


def _backups(work):
    return sorted(p for p in (work / "var" / "backups").glob("2*") if (p / "manifest.json").exists())


def check_backup(guide_env):
    before = _backups(guide_env["work"])
    out = run("backup", guide_env)
    made = _backups(guide_env["work"])[len(before):]
    assert len(made) == 2 and out.count("Backup ") == 2
    second = json.loads((made[1] / "manifest.json").read_text())
    assert second["kind"] == "full" and "Backup completo" in out.splitlines()[-1]


def check_ripristino(guide_env):
    work = guide_env["work"]
    if not _backups(work):
        run("backup", guide_env)
    last = _backups(work)[-1]
    run("ripristino", guide_env)
    restored = work / "ripristino"
    description = json.loads((restored / "instance" / "etc" / "instance.json").read_text())
    assert description["port"] == 8090 and description["var"] == str(restored / "var")
    assert (restored / "var" / "filestorage" / "Data.fs").stat().st_size > 0
    manifest = json.loads((last / "manifest.json").read_text())
    assert manifest["blobs"]
    for rel, info in manifest["blobs"].items():
        data = (restored / "var" / "blobstorage" / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == info["sha256"]


def check_aggiorna(guide_env):
    out = run("aggiorna", guide_env)
    status, body = get(f"{guide_env['site'].url}/@addons/comune.istanze", auth=ADMIN)
    info = json.loads(body)["upgrade_info"]
    assert info["available"] is False and info["installedVersion"] == profile_version()
    assert '"versions"' in out  # @upgrade: Plone's own migration status


def check_health(guide_env):
    out = run("health", guide_env).splitlines()
    report = json.loads("\n".join(out[:-2]))
    assert report["database"]["ok"] is True and report["status"] == "degraded"  # no worker
    assert out[-2:] == ["200", "503"]


def check_cluster_haproxy(guide_env):
    out = run("cluster-haproxy", guide_env)
    cfg = (guide_env["work"] / "haproxy" / "haproxy.cfg").read_text()
    assert "Configuration file is valid" in out
    assert "bind 10.0.0.10:8080" in cfg and "uri /Plone/@@health" in cfg
    assert [line.split()[1:] for line in cfg.splitlines() if line.strip().startswith("server ")] == [
        ["zope-1", "10.0.0.11:8100"], ["zope-2", "10.0.0.11:8101"],
        ["zope-3", "10.0.0.12:8100"], ["zope-4", "10.0.0.12:8101"]]


CHECKS = {name.removeprefix("check_").replace("_", "-"): fn
          for name, fn in dict(globals()).items() if name.startswith("check_")}


def test_every_command_block_is_run():
    text = GUIDE.read_text("utf-8")
    openings = re.findall(r"^```(sh|bash|shell|console)\b(.*)$", text, re.M)
    assert openings, "the guide has no command block"
    for _lang, rest in openings:
        assert rest.startswith(" test="), f"command block without a test name: {rest!r}"
    assert set(blocks()) == set(CHECKS)
    table = text.split("## Quale test esegue quale comando")[1]
    for name in blocks():
        assert f"`{name}`" in table


@pytest.mark.parametrize("name", list(blocks()))
def test_guide_block(name, guide_env):
    CHECKS[name](guide_env)
