"""Create the demo site "Comune di Esempio" if it does not exist; configure simulators.

Run inside Zope: ``zconsole run instance/etc/zope.conf scripts/create_site.py
--site-id Plone --port 8080`` (``scripts/serve.py`` does it on every start).

- the Zope administrator (``--admin-user``/``ADMIN_PASSWORD``) exists;
- the Plone site is created only when missing (classic distribution, Italian,
  Europe/Rome), with comune.istanze and its ``demo`` profile installed (only
  with ``COMUNE_ISTANZE_DEMO=1`` in the environment, as ``make start`` sets:
  the demo's passwords are published); an
  existing site gets the pending upgrade steps of comune.istanze (new code
  on old data);
- the URL of every simulator in ``sandbox.SIMULATORS`` that is present is
  written into the integration's own registry records (the port may change
  between runs); ``--protocollo agid`` (``make start PROTOCOLLO=agid``)
  switches the protocol records to the AgID AOO-to-AOO adapter;
- the demo accounts are written to ``var/demo-accounts.txt`` for serve.py.
"""

from pathlib import Path

import argparse
import os
import sys
import transaction


def _root():
    script = next((a for a in sys.argv if a.endswith("create_site.py")), None)
    return Path(script).resolve().parent.parent if script else Path.cwd()


ROOT = _root()
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Crea il sito demo Comune di Esempio")
    parser.add_argument("--site-id", default="Plone")
    parser.add_argument("--title", default="Comune di Esempio")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--admin-user", default=os.environ.get("ADMIN_USER", "admin"))
    parser.add_argument("--admin-password",
                        default=os.environ.get("ADMIN_PASSWORD", "admin"))
    parser.add_argument("--accounts-file", default=str(ROOT / "var" / "demo-accounts.txt"))
    parser.add_argument("--stamp", default="",
                        help="file JSON scritto a sito pronto (serve.py lo usa per "
                             "saltare questo passo ai riavvii)")
    parser.add_argument("--no-sandbox", action="store_true",
                        help="non configurare i simulatori")
    parser.add_argument("--protocollo", choices=("soap", "agid"),
                        default=os.environ.get("COMUNE_ISTANZE_PROTOCOLLO") or "soap",
                        help="adattatore del protocollo: soap (WSDL comune.istanze) o agid "
                             "(comunicazione tra AOO); record comune.istanze.protocol.*")
    return parser.parse_args(argv)


def script_args():
    argv = sys.argv
    for index, arg in enumerate(argv):
        if arg.endswith("create_site.py"):
            return argv[index + 1:]
    return argv[1:]


def ensure_admin(app, user, password):
    users = app.acl_users
    if users.getUserById(user) is None:
        users._doAddUser(user, password, ["Manager"], [])
        print(f"Creato l'amministratore Zope {user!r}", flush=True)


def create_site(app, site_id, title):
    """The site, created with add-on and demo content when missing."""
    from plone.base.utils import get_installer
    from Products.CMFPlone.factory import addPloneSite
    from zope.component.hooks import setSite

    if site_id in app.objectIds():
        site = app[site_id]
        setSite(site)
        return site, False
    from comune.istanze.demo import DemoRefused
    from comune.istanze.demo import require_make_start

    try:
        require_make_start()  # the demo's accounts have published passwords
    except DemoRefused as exc:
        raise SystemExit(f"Errore: {exc}")
    print(f"Creo il sito {title!r} (/{site_id}): serve circa un minuto...", flush=True)
    site = addPloneSite(app, site_id, title=title, distribution_name="classic",
                        setup_content=False, default_language="it",
                        portal_timezone="Europe/Rome")
    setSite(site)
    site.portal_registry["plone.available_languages"] = ["it", "en"]
    installer = get_installer(site, app.REQUEST)
    installer.install_product("comune.istanze")
    site.portal_setup.runAllImportStepsFromProfile("profile-comune.istanze:demo")
    transaction.get().note(f"comune.istanze: created site {site_id}")
    transaction.commit()
    return site, True


PROFILE = "comune.istanze:default"


def upgrade(site):
    """Run the pending upgrade steps of comune.istanze; the profile version."""
    setup = site.portal_setup
    before = setup.getLastVersionForProfile(PROFILE)
    if setup.listUpgrades(PROFILE):
        setup.upgradeProfile(PROFILE)
        after = setup.getLastVersionForProfile(PROFILE)
        print(f"comune.istanze aggiornato: profilo {'.'.join(before)} -> {'.'.join(after)}", flush=True)
        transaction.get().note("comune.istanze: upgrade steps")
        transaction.commit()
    return ".".join(setup.getLastVersionForProfile(PROFILE))


def configure_simulators(site, port):
    """Write simulator URLs through each integration's own registry records."""
    import sandbox

    registry = site.portal_registry
    changed = []
    for name, value in sandbox.wanted_records(port).items():
        if name not in registry.records:
            print(f"  (record {name} assente nel registro: non configurato)")
            continue
        if registry[name] != value:
            registry[name] = value
            changed.append(name)
    if changed:
        transaction.get().note("comune.istanze: simulator URLs")
        transaction.commit()
    return changed


def accounts_text():
    from comune.istanze.demo.content import CITIZENS
    from comune.istanze.demo.content import EDITOR
    from comune.istanze.demo.content import STAFF
    from comune.istanze.demo.content import STAFF_PASSWORD
    from comune.istanze.fakes import fiscal_code

    lines = ["Personale del Comune (login di Plone):"]
    for user_id, fullname, role in STAFF:
        lines.append(f"  {user_id:<18} {STAFF_PASSWORD:<22} {fullname} ({role})")
    lines.append(f"  {EDITOR[0]:<18} {STAFF_PASSWORD:<22} {EDITOR[1]} (Editor)")
    lines.append("Cittadini: \"Entra con SPID / CIE\" (broker di prova), scegliendo il codice")
    lines.append("fiscale, il metodo (SPID, CIE, CNS) e il livello; nessuna password:")
    for first, last, year, month, day, female in CITIZENS:
        cf = fiscal_code(first, last, year, month, day, female)
        lines.append(f"  {cf:<18} {first} {last}")
    from comune.istanze.demo.service_accounts import banner_lines

    lines.extend(banner_lines())
    return "\n".join(lines) + "\n"


def main(app, argv):
    args = parse_args(argv)
    # sandbox.SIMULATORS reads the choice when first imported (below)
    os.environ["COMUNE_ISTANZE_PROTOCOLLO"] = args.protocollo
    ensure_admin(app, args.admin_user, args.admin_password)
    transaction.commit()
    site, created = create_site(app, args.site_id, args.title)
    if not created:
        print(f"Sito /{args.site_id} già presente: dati conservati.")
    version = upgrade(site)
    if not args.no_sandbox:
        configure_simulators(site, args.port)
    accounts = Path(args.accounts_file)
    accounts.parent.mkdir(parents=True, exist_ok=True)
    accounts.write_text(
        f"Amministratore Zope: {args.admin_user} / {args.admin_password}\n" + accounts_text(),
        encoding="utf-8")
    if args.stamp:
        import json
        import sandbox

        records = {} if args.no_sandbox else sandbox.wanted_records(args.port)
        Path(args.stamp).write_text(json.dumps({"site_id": args.site_id, "records": records,
                                                "profile": version},
                                               indent=2, sort_keys=True), encoding="utf-8")
    return site


if __name__ == "__main__":
    main(app, script_args())  # noqa: F821 (``app`` is given by zconsole)
