"""Run by ``zconsole run`` in an instance of the RelStorage tests (``app`` is given).

``setup OUT CITIZENS PROTOCOL_URL CERT_FILE``
    the site as the operations tests make it (tests/operations/site_script.py:
    Plone, plone.restapi, comune.istanze, a published type with a PDF
    attachment, the Zope manager ``admin``), the protocol register at
    PROTOCOL_URL (its signing certificate in CERT_FILE), the outbox worker
    polling every second, and CITIZENS citizens with their SPID session
    cookies (written to OUT, for the HTTP load);
``state OUT``
    the applications and counters (site_script.state), each application's
    protocol number and the outbox jobs (kind, state, attempts).
"""

from tests.operations import site_script

import sys
import transaction


def setup(app, out, citizens, protocol_url, cert_file):
    from benchmarks import site_setup
    from plone import api
    from zope.component.hooks import setSite

    app.acl_users.userFolderAddUser(*site_script.ADMIN, ["Manager"], [])
    site = site_setup.create_site(app)
    setSite(site)
    app_type = site_setup.create_type(site)
    with open(cert_file, encoding="ascii") as f:
        cert = f.read()
    for name, value in {"comune.istanze.protocol.adapter": "soap",
                        "comune.istanze.protocol.url": protocol_url,
                        "comune.istanze.protocol.timeout": 10,
                        "comune.istanze.protocol.signing_certificate": cert,
                        "comune.istanze.outbox.poll_interval": 1}.items():
        api.portal.set_registry_record(name, value)
    people = site_setup.create_citizens(citizens)
    transaction.get().note("relstorage test: site")
    transaction.commit()
    site_script.write(out, {"site": site_setup.SITE_ID, "type": site_setup.TYPE_ID,
                            "attachment": site_setup.ATTACHMENT, "citizens": people,
                            "portal_type": app_type.published_type})


def state(app, out):
    from comune.istanze.integrations.protocol.storage import registration_of
    from comune.istanze.outbox import queue

    site, app_type = site_script.site_and_type(app)
    found = site_script.state(app_type)
    for application in app_type.objectValues():
        registration = registration_of(application)
        found["applications"][application.number]["protocol"] = (
            registration["number"] if registration else None)
    found["jobs"] = [{"kind": job.kind, "key": job.key, "state": job.state,
                      "attempts": job.attempts} for job in queue.all_jobs(site)]
    site_script.write(out, found)


def main(app, argv):
    command, out = argv[0], argv[1]
    if command == "setup":
        setup(app, out, int(argv[2]), argv[3], argv[4])
    elif command == "state":
        state(app, out)


if __name__ == "__main__":
    # sys.argv: zconsole run <zope.conf> <this script> <args...>
    here = [a.endswith("cluster_script.py") for a in sys.argv].index(True)
    main(globals()["app"], sys.argv[here + 1:])
