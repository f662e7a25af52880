"""`make start` machinery: instance files, pins, simulators, and a real start/restart."""

from pathlib import Path

import base64
import importlib.util
import json
import os
import pytest
import random
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent


def _script(name):
    spec = importlib.util.spec_from_file_location(f"script_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    head = readme[: readme.index("## ")]
    assert "make start" in head and "make test" in head
    for section in ("## Account demo", "## Configurazione", "### RelStorage", "## Buildout",
                    "## Flusso delle istanze", "## REST API"):
        assert section in readme


def test_readme_workflow_table_follows_the_definition():
    table = _script("workflow_table").tables()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- workflow-table:start -->\n")[1].split("<!-- workflow-table:end -->")[0]
    assert block == table
    for state in ("draft", "submitted", "in_review", "integration_requested", "accepted",
                  "rejected", "withdrawn", "closed"):
        assert f"| `{state}` |" in table


def test_versions_cfg_has_the_same_pins_as_constraints():
    versions_cfg = _script("versions_cfg")
    assert versions_cfg.main(["--check"]) == 0
    pins = dict(versions_cfg.parse((ROOT / "constraints.txt").read_text(encoding="utf-8")))
    assert pins["plone"] == "6.2.2"
    text = (ROOT / "versions.cfg").read_text(encoding="utf-8")
    for name, version in pins.items():
        assert f"\n{name} = {version}\n" in text


def test_versions_cfg_parser():
    versions_cfg = _script("versions_cfg")
    text = "# comment\nPlone==6.2.2\nzope.interface == 8.7 ; python_version>'3'\n-e .\nfoo>=1\n"
    assert versions_cfg.parse(text) == [("plone", "6.2.2"), ("zope.interface", "8.7")]


def test_instance_files_are_valid_zconfig(tmp_path):
    from Zope2.Startup.options import ZopeWSGIOptions

    import ZConfig
    import ZEO.runzeo

    make_instance = _script("make_instance")
    description = make_instance.write_instance(tmp_path / "instance", tmp_path / "var", 8123)
    etc = tmp_path / "instance" / "etc"
    assert description["storage"] == "zeo"
    assert json.loads((etc / "instance.json").read_text())["port"] == 8123
    conf = ZopeWSGIOptions(configfile=str(etc / "zope.conf"))().configroot
    main_db = conf.databases[0]
    assert main_db.config.storage.config.server[0].address == str(tmp_path / "var" / "zeo.sock")
    assert conf.environment["zope_i18n_compile_mo_files"] == "true"
    zeo_schema = ZConfig.loadSchema(str(Path(ZEO.runzeo.__file__).parent / "schema.xml"))
    zeo_conf, _handler = ZConfig.loadConfig(zeo_schema, str(etc / "zeo.conf"))
    assert zeo_conf.storages[0].config.path == str(tmp_path / "var" / "filestorage" / "Data.fs")
    assert "listen = 127.0.0.1:8123" in (etc / "zope.ini").read_text()  # not the network
    assert description["host"] == "127.0.0.1"


def test_instance_leaves_the_test_only_addons_out(tmp_path):
    """design.plone.contenttypes (the "test" extra, for tests/iocomune) and the plone.autoinclude
    plugins only it brings are excluded from the instance's site.zcml, before anything is
    included; what the product needs is not."""
    from lxml import etree

    make_instance = _script("make_instance")
    excluded = make_instance.excluded_packages()
    assert {"design.plone.contenttypes", "redturtle.volto", "experimental.noacquisition",
            "collective.collectionfilter", "comune.istanze.iocomune"} <= set(excluded)
    needed = {"comune.istanze", "plone.restapi", "plone.volto", "plone.app.caching",
              "collective.easyform", "collective.z3cform.datagridfield", "pas.plugins.authomatic"}
    assert not needed & set(excluded)
    make_instance.write_instance(tmp_path / "instance", tmp_path / "var", 8123)
    root = etree.parse(str(tmp_path / "instance" / "etc" / "site.zcml")).getroot()
    directives = [(etree.QName(e).localname, e.get("package"), e.get("file")) for e in root
                  if isinstance(e.tag, str)]
    first_include = next(i for i, d in enumerate(directives) if d[0] != "exclude")
    assert set(directives[:first_include]) == {("exclude", p, f) for p in excluded
                                               for f in ("meta.zcml", "configure.zcml", "overrides.zcml")}
    assert directives[first_include] == ("include", "Zope2.App", None)


def test_make_start_listens_on_this_computer_only_by_default():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^HOST \?= 127\.0\.0\.1$", makefile, re.M)
    assert "--host $(HOST)" in makefile
    parser_default = _script("make_instance").write_instance.__defaults__[0]
    assert parser_default == "127.0.0.1"


def test_banner_says_how_to_expose_and_warns_about_the_admin_password(tmp_path, capsys):
    serve = _script("serve")
    serve.banner("http://localhost:8080/Plone", [], 8080, tmp_path / "none.txt", None, 3)
    local = capsys.readouterr().out
    assert "solo su questo computer (127.0.0.1:8080)" in local
    assert "make start HOST=0.0.0.0" in local and "ADMIN_PASSWORD" in local
    serve.banner("http://localhost:8080/Plone", [], 8080, tmp_path / "none.txt", None, 3,
                 host="0.0.0.0")
    exposed = capsys.readouterr().out
    assert "ATTENZIONE: in ascolto su 0.0.0.0:8080" in exposed and "ADMIN_PASSWORD" in exposed


def test_instance_with_relstorage(tmp_path):
    make_instance = _script("make_instance")
    make_instance.write_instance(tmp_path / "instance", tmp_path / "var", 8080)
    dsn = "dbname=comune user=plone host=127.0.0.1"
    description = make_instance.write_instance(tmp_path / "instance", tmp_path / "var", 8080,
                                               relstorage=dsn)
    etc = tmp_path / "instance" / "etc"
    conf = (etc / "zope.conf").read_text()
    assert description["storage"] == "relstorage" and description["zeo_socket"] is None
    assert "%import relstorage" in conf and f"dsn {dsn}" in conf and "<zeoclient>" not in conf
    assert not (etc / "zeo.conf").exists()  # no ZEO server with RelStorage


def test_simulators_list():
    import sandbox

    fake = sandbox.Simulator(name="not_written_yet", port_offset=5,
                             registry={"x.url": "{url}/api"})
    present = [sim.name for sim in sandbox.available()]
    assert "not_written_yet" not in [s.name for s in sandbox.available((fake,))]
    assert fake.records(9000) == {"x.url": "http://127.0.0.1:9005/api"}
    assert fake.command("py", 9000)[:6] == ["py", "-m", "sandbox.not_written_yet", "--host",
                                            "127.0.0.1", "--port"]
    records = sandbox.wanted_records(9000)
    if "oidc_broker" in present:
        assert records["comune.istanze.spid.issuer"] == "http://127.0.0.1:9001"
    assert sandbox.wanted_records(9000, simulators=(fake,)) == {}


def test_a_simulator_that_cannot_start_says_why(tmp_path, monkeypatch):
    import sandbox

    serve = _script("serve")
    supervisor = _script("supervisor")

    class Broken(sandbox.Simulator):
        def command(self, python, zope_port, site_id="Plone"):
            return [python, "-c", "import sys; print('Indirizzo già in uso'); sys.exit(1)"]

    broken = Broken(name="rotto", port_offset=5, registry={})
    monkeypatch.setattr(sandbox, "available", lambda: [broken])
    services = supervisor.Supervisor(tmp_path / "logs")
    port = _free_port(span=6)
    try:
        with pytest.raises(serve.Startup) as refused:
            serve.start_simulators(services, port)
    finally:
        services.stop()
    message = str(refused.value)
    assert f"simulatore rotto: processo terminato (codice 1) (porta {port + 5})" in message
    assert f"vedi {tmp_path / 'logs' / 'sandbox-rotto.log'}" in message
    assert message.endswith("Indirizzo già in uso")


def test_free_ports_are_below_the_kernels_ephemeral_range():
    port = _free_port(span=12)
    assert 20000 <= port and port + 12 <= _ephemeral_low()


# --- a real `make start`: serve.py on a scratch instance -------------------

def _free_port(span=3):
    """A port with ``span - 1`` free ports after it, below the kernel's
    ephemeral range: the source ports of outgoing connections come from that
    range, so a server started minutes later (a simulator after the site's
    creation) never finds its port taken by a client's connection."""
    low = _ephemeral_low()
    for _attempt in range(200):
        port = random.randrange(20000, low - span) if low - span > 20000 else _any_port()
        if port + span < 65535 and all(_port_free(port + i) for i in range(span)):
            return port
    raise RuntimeError("no free port")


def _ephemeral_low():
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _any_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _port_free(port):
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _start(instance, port, log):
    out = open(log, "ab")
    return subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "--instance", str(instance),
         "--port", str(port), "--site-id", "Plone"],
        cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        env=dict(os.environ, ADMIN_PASSWORD="secret-Admin-1"))


def _wait_banner(proc, log, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = Path(log).read_text(errors="replace")
        if "Ctrl-C" in text:
            return text
        assert proc.poll() is None, text[-3000:]
        time.sleep(1)
    raise AssertionError("serve.py did not print its banner:\n" + Path(log).read_text()[-3000:])


def _stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _get(url, auth=None, data=None, method=None):
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Accept": "application/json",
                                              "Content-Type": "application/json"})
    if auth:
        token = base64.b64encode(auth.encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_make_start_then_restart_keeps_data(tmp_path):
    import sandbox

    port = _free_port(span=sandbox.span() + 1)
    instance, var = tmp_path / "instance", tmp_path / "var"
    _script("make_instance").write_instance(instance, var, port, host="127.0.0.1")
    base = f"http://localhost:{port}/Plone"
    admin = "admin:secret-Admin-1"
    log = tmp_path / "serve.log"
    proc = _start(instance, port, log)
    try:
        banner = _wait_banner(proc, log)
        assert f"Comune di Esempio: {base}" in banner
        assert f"solo su questo computer (127.0.0.1:{port})" in banner
        assert "make start HOST=0.0.0.0" in banner
        assert "RSSMRA80A01Z999Y" in banner and "Entra con SPID / CIE" in banner
        assert "demo-Cittadino-2026" not in banner  # citizens have no password
        status, body = _get(base)
        assert status == 200 and "Comune di Esempio" in body
        for path in ("servizi-online/contributo-affitto", "servizi-online/bando-affitti-2026",
                     "servizi-online/assistenza-familiare",  # the ANPR demo (demo/anpr.py)
                     "amministrazione-trasparente/servizi-erogati/servizi-in-rete/"
                     "statistiche-servizi-online"):
            status, _body = _get(f"{base}/{path}")
            assert status == 200, path
        for sim in sandbox.available():
            assert sim.url(port) in banner
            for record, value in sim.records(port).items():
                status, body = _get(f"{base}/@registry/{record}", auth=admin)
                assert status == 200 and json.loads(body) == value, record
        status, body = _get(f"{base}/@registry/plone.default_language", auth=admin)
        assert json.loads(body) == "it"
        status, _body = _get(base, auth=admin, method="POST", data=json.dumps(
            {"@type": "Document", "id": "dati-persistenti", "title": "Resto dopo il riavvio"}
        ).encode())
        assert status == 201
    finally:
        _stop(proc)
    assert proc.returncode == 0
    assert "Arresto in corso" in log.read_text()
    serve = _script("serve")
    assert not any(serve.tcp_port_alive(port + i) for i in range(sandbox.span() + 1)), "still listening"
    assert not serve.unix_socket_alive(var / "zeo.sock"), "ZEO still running"

    log.write_text("")
    proc = _start(instance, port, log)
    try:
        banner = _wait_banner(proc, log)
        assert "già pronto: dati conservati" in banner
        status, body = _get(f"{base}/dati-persistenti", auth=admin)
        assert status == 200 and "Resto dopo il riavvio" in body
        seconds = float(re.search(r"pronto in (\d+) s", banner).group(1))
        print(f"restart ready in {seconds:.0f} s")
        # a Zope that dies is started again (scripts/supervisor.py), data and all
        zope = _pids_of(instance / "etc" / "zope.ini")
        assert len(zope) == 1
        os.kill(zope[0], signal.SIGKILL)
        killed = time.monotonic()
        deadline = killed + 300
        while _status(f"{base}/dati-persistenti", admin) != 200:
            assert time.monotonic() < deadline and proc.poll() is None, log.read_text()[-3000:]
            time.sleep(1)
        print(f"make start: Zope back {time.monotonic() - killed:.0f} s after kill -9")
        assert _pids_of(instance / "etc" / "zope.ini") not in ([], zope)
        assert "zope: riavviato" in (var / "log" / "supervisor.log").read_text()
    finally:
        _stop(proc)
    assert proc.returncode == 0


def _status(url, auth):
    try:
        return _get(url, auth=auth)[0]
    except OSError:  # refused while Zope is down
        return None


def _pids_of(path):
    """Pids of the processes whose command line names ``path``."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(path).encode() in cmdline.read_bytes():
                pids.append(int(cmdline.parent.name))
        except OSError:
            pass
    return pids



def test_a_stamp_of_another_profile_version_runs_the_site_setup_again(tmp_path):
    """New code on old data: serve.py runs create_site.py (and its upgrade
    steps) when the stamp's profile version is not the code's."""
    import sandbox

    serve = _script("serve")
    version = serve.profile_version()
    metadata = ROOT / "src/comune/istanze/profiles/default/metadata.xml"
    assert f"<version>{version}</version>" in metadata.read_text(encoding="utf-8")
    stamp = tmp_path / "site-Plone.json"
    records = sandbox.wanted_records(8080)
    stamp.write_text(json.dumps({"site_id": "Plone", "records": records, "profile": "1000"}))
    assert not serve.site_ready(stamp, "Plone", 8080)
    stamp.write_text(json.dumps({"site_id": "Plone", "records": records, "profile": version}))
    assert serve.site_ready(stamp, "Plone", 8080)
