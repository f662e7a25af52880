"""Write a Zope instance (``etc/zope.conf``, ``etc/zope.ini``, ``etc/zeo.conf``, ``etc/site.zcml``).

No template is downloaded: the files are written here. The data lives under
``var/`` at the top of the checkout:

- default: a ZEO server (``var/zeo.sock``) in front of a FileStorage
  ``var/filestorage/Data.fs`` with blobs in ``var/blobstorage``, so that the
  Zope server, ``make worker`` and maintenance scripts share one database;
- ``--relstorage DSN``: RelStorage on PostgreSQL (no ZEO server); needs
  ``pip install -e '.[relstorage]'`` (``make start RELSTORAGE_DSN=...`` does it).

``etc/site.zcml`` is Zope's own, preceded by ``<exclude>`` of the add-ons this
environment has for the tests only (design.plone.contenttypes and what only it
brings, see :func:`excluded_packages`): plone.autoinclude would load them all.

Re-running it rewrites the configuration (port, storage) and never touches data.
"""

from pathlib import Path

import argparse
import json
import sys


ROOT = Path(__file__).resolve().parent.parent

ZOPE_CONF = """\
# Written by scripts/make_instance.py: edit that script, not this file.
%define INSTANCE {instance}
%define VAR {var}
instancehome $INSTANCE
clienthome $VAR
debug-mode off
default-zpublisher-encoding utf-8
{imports}
<environment>
  zope_i18n_compile_mo_files true
  zope_i18n_allowed_languages it en
  CHAMELEON_CACHE $VAR/cache
</environment>

<zodb_db main>
{storage}
  mount-point /
  cache-size 50000
</zodb_db>

<dos_protection>
  form-memory-limit 4MB
  form-disk-limit {max_body_mb}MB
</dos_protection>
"""

ZEO_CLIENT = """\
  <zeoclient>
    server $VAR/zeo.sock
    storage 1
    name zeostorage
    var $VAR
    blob-dir $VAR/blobstorage
    shared-blob-dir on
    wait on
  </zeoclient>"""

# cache-local-mb: RelStorage's cache of object states shared by the threads
# of one process (default 10 MB); the catalog of a city's site (BTree buckets
# of some forty indexes) does not fit in 10 MB. Memory per process, on top of
# the ZODB cache. On the 2-process P1 (benchmarks/README.md, session 7) it
# made no clear difference: 33-53 PostgreSQL loads per submission with it,
# 52 without; what is loaded there is mostly what the other process changed.
RELSTORAGE = """\
  <relstorage>
    keep-history false
    cache-local-mb 100
    blob-dir $VAR/blobcache
    shared-blob-dir false
    blob-cache-size 512mb
    <postgresql>
      dsn {dsn}
    </postgresql>
  </relstorage>"""

ZEO_CONF = """\
# Written by scripts/make_instance.py: the ZEO server of the instance.
%define VAR {var}
<zeo>
  address $VAR/zeo.sock
  read-only false
</zeo>

<filestorage 1>
  path $VAR/filestorage/Data.fs
  blob-dir $VAR/blobstorage
</filestorage>

<eventlog>
  level info
  <logfile>
    path $VAR/log/zeo.log
    format %(asctime)s %(message)s
  </logfile>
</eventlog>
"""

# = comune.istanze.uploads.limits.CEILING_MB (4 x the largest attachment limit an
# editor can set, 100 MB, + 1 MB); tests/uploads/test_limits.py checks they agree
MAX_REQUEST_BODY_MB = 401

# Zope behind waitress; the benchmark instance (benchmarks/instance.py) serves
# with the same settings.
SERVER_INI = """\
[app:zope]
use = egg:Zope#main
zope_conf = %(here)s/zope.conf

[server:main]
use = egg:waitress#main
listen = {host}:{port}
# 2 threads: one process is bound by the GIL; 4 threads gave no more
# throughput but twice the ZODB conflicts (benchmarks/README.md, P1)
threads = {threads}
# idle keep-alive connections count until channel_timeout (120 s): the
# default limit of 100 stalls new citizens when many connect at once
connection_limit = 500
# bodies over the ceiling of comune.istanze.uploads.limits are refused by
# waitress itself (HTTP 413) before Zope sees them; the site's own, lower
# limit (registry comune.istanze.uploads.max_request_mb) is checked in Zope
max_request_body_size = """ + str(MAX_REQUEST_BODY_MB * 1024 * 1024) + """
"""

ZOPE_INI = "# Written by scripts/make_instance.py: waitress serving Zope.\n" + SERVER_INI + """
[filter:translogger]
use = egg:Paste#translogger
setup_console_handler = False

[pipeline:main]
pipeline =
    egg:Zope#httpexceptions
    translogger
    zope

[loggers]
keys = root, waitress.queue, waitress, wsgi

[handlers]
keys = console, accesslog, eventlog

[formatters]
keys = generic, message

[formatter_generic]
format = %(asctime)s %(levelname)s [%(name)s:%(lineno)s][%(threadName)s] %(message)s
datefmt = %Y-%m-%d %H:%M:%S

[formatter_message]
format = %(message)s

[logger_root]
level = INFO
handlers = console, eventlog

[logger_waitress.queue]
level = INFO
handlers = eventlog
qualname = waitress.queue
propagate = 0

[logger_waitress]
level = INFO
handlers = eventlog
qualname = waitress

[logger_wsgi]
level = WARN
handlers = accesslog
qualname = wsgi
propagate = 0

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = WARNING
formatter = generic

[handler_accesslog]
class = FileHandler
args = (r'{var}/log/{prefix}access.log', 'a')
level = INFO
formatter = message

[handler_eventlog]
class = FileHandler
args = (r'{var}/log/{prefix}event.log', 'a')
level = INFO
formatter = generic
"""


def write_zope_ini(path, host, port, var, threads=2, prefix=""):
    """The waitress configuration of one Zope process. Several processes of one
    instance (``make cluster``) each get their own file, port and logs
    (``var/log/<prefix>event.log``, ``<prefix>access.log``)."""
    Path(path).write_text(ZOPE_INI.format(host=host, port=port, threads=threads,
                                          var=Path(var).resolve(), prefix=prefix),
                          encoding="utf-8")
# Add-ons installed for the tests only (the "test" extra of setup.py): plone.autoinclude would
# load them, and what they bring, into every instance of this environment. The instance leaves
# them out, as plone.app.testing does in every layer but their own (tests/iocomune/layers.py).
TEST_ONLY_ADDONS = ("design.plone.contenttypes",)
PLUGIN_ZCML = ("meta.zcml", "configure.zcml", "overrides.zcml")


def _requirements_closure(names):
    """Canonical names of ``names`` and of what they require (with the extras asked for)."""
    from importlib import metadata
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    seen, todo = set(), [(name, "") for name in names]
    while todo:
        name, extra = todo.pop()
        key = (canonicalize_name(name), extra)
        if key in seen:
            continue
        seen.add(key)
        try:
            requires = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        for line in requires:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                todo += [(requirement.name, wanted) for wanted in ("", *requirement.extras)]
    return {name for name, _extra in seen}


def _installed(name):
    from importlib import metadata

    try:
        return metadata.distribution(name) is not None
    except metadata.PackageNotFoundError:
        return False


def excluded_packages():
    """The plone.autoinclude plugins only the test-only add-ons bring, and our integration with them."""
    from importlib import metadata
    from packaging.utils import canonicalize_name

    installed = [name for name in TEST_ONLY_ADDONS if _installed(name)]
    only_theirs = _requirements_closure(installed) - _requirements_closure(["comune.istanze"])
    plugins = sorted(
        dist.metadata["Name"].replace("-", "_") for dist in metadata.distributions()
        if canonicalize_name(dist.metadata["Name"]) in only_theirs
        and any(ep.group == "z3c.autoinclude.plugin" for ep in dist.entry_points))
    return plugins + (["comune.istanze.iocomune"] if installed else [])


def site_zcml():
    """Zope's own ``site.zcml`` that first excludes the ZCML of :func:`excluded_packages`."""
    import Zope2.utilities

    skel = Path(Zope2.utilities.__file__).parent / "skel" / "etc" / "site.zcml"
    excludes = "".join(f'  <exclude package="{package}" file="{name}" />\n'
                       for package in excluded_packages() for name in PLUGIN_ZCML)
    first = '  <include package="Zope2.App" />'
    text = skel.read_text(encoding="utf-8")
    assert first in text, skel
    return ("<!-- Written by scripts/make_instance.py: Zope's site.zcml without the test-only add-ons. -->\n"
            + text.replace(first, excludes + first))


def write_instance(instance, var, port, host="127.0.0.1", threads=2, relstorage=None):
    """Write the configuration files; return the description saved as JSON."""
    instance, var = Path(instance).resolve(), Path(var).resolve()
    etc = instance / "etc"
    for folder in (etc, var / "log", var / "cache", var / "filestorage", var / "blobstorage"):
        folder.mkdir(parents=True, exist_ok=True)
    if relstorage:
        storage = RELSTORAGE.format(dsn=relstorage)
        imports = "%import relstorage"
    else:
        storage, imports = ZEO_CLIENT, "%import ZEO"
    (etc / "zope.conf").write_text(
        ZOPE_CONF.format(instance=instance, var=var, storage=storage, imports=imports,
                         max_body_mb=MAX_REQUEST_BODY_MB),
        encoding="utf-8")
    write_zope_ini(etc / "zope.ini", host, port, var, threads)
    (etc / "site.zcml").write_text(site_zcml(), encoding="utf-8")
    zeo = etc / "zeo.conf"
    if relstorage:
        zeo.unlink(missing_ok=True)
    else:
        zeo.write_text(ZEO_CONF.format(var=var), encoding="utf-8")
    description = {
        "storage": "relstorage" if relstorage else "zeo",
        "port": port,
        "host": host,
        "var": str(var),
        "zeo_socket": None if relstorage else str(var / "zeo.sock"),
    }
    (etc / "instance.json").write_text(json.dumps(description, indent=2), encoding="utf-8")
    return description


def main(argv=None):
    parser = argparse.ArgumentParser(description="Crea l'istanza Zope (senza template).")
    parser.add_argument("--dir", default=ROOT / "instance", type=Path)
    parser.add_argument("--var", default=ROOT / "var", type=Path)
    parser.add_argument("--port", default=8080, type=int)
    parser.add_argument("--host", default="127.0.0.1",
                        help="indirizzo di ascolto (0.0.0.0: raggiungibile dalla rete)")
    parser.add_argument("--threads", default=2, type=int)
    parser.add_argument("--relstorage", default="",
                        help="DSN PostgreSQL, es. \"dbname=plone user=plone host=127.0.0.1\"")
    args = parser.parse_args(argv)
    description = write_instance(args.dir, args.var, args.port, args.host, args.threads,
                                 args.relstorage or None)
    print(f"Istanza in {args.dir} (database: {description['storage']}, dati in {args.var})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
