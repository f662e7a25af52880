"""Run by ``zconsole run`` once for the fault tests (``app`` is given).

``setup OUT CITIZENS PROTOCOL_URL SMTP_PORT`` creates the site as the
benchmark does (Plone, plone.restapi, comune.istanze, a published type
with a PDF attachment and an office email), a Zope manager, CITIZENS fake
citizens with their SPID session cookies, and points the site at the
sandbox protocol register (SOAP, signed segnature checked) and the mail
sink's SMTP. The outbox retries after 1 s and takes over a dead worker's
job after 10 s (the shortest lease allowed), so recovery fits in a test;
with retries that close together, 30 attempts (at most 4 s apart) give a
register that is down the time to come back, as 8 attempts up to an hour
apart do by default.
"""

import json
import sys
import transaction


ADMIN = ("admin", "faults-Admin-1")
SENDER = "servizi-online@comune-esempio.example"


def setup(app, out, citizens, protocol_url, smtp_port):
    from benchmarks import site_setup
    from plone import api
    from sandbox import DEMO_CERT
    from zope.component.hooks import setSite

    app.acl_users.userFolderAddUser(ADMIN[0], ADMIN[1], ["Manager"], [])
    site = site_setup.create_site(app)
    setSite(site)
    site_setup.create_type(site)
    records = {
        "plone.smtp_host": "127.0.0.1",
        "plone.smtp_port": smtp_port,
        "plone.email_from_address": SENDER,
        "plone.email_from_name": "Comune di Esempio",
        "comune.istanze.protocol.adapter": "soap",
        "comune.istanze.protocol.url": f"{protocol_url}/protocollo",
        "comune.istanze.protocol.signing_certificate": DEMO_CERT,
        "comune.istanze.protocol.timeout": 30,
        "comune.istanze.outbox.base_delay": 1,
        "comune.istanze.outbox.max_delay": 4,
        "comune.istanze.outbox.max_attempts": 30,
        "comune.istanze.outbox.lease_seconds": 10,
        "comune.istanze.outbox.poll_interval": 1,
    }
    for name, value in records.items():
        api.portal.set_registry_record(name, value)
    users = site_setup.create_citizens(citizens)
    transaction.get().note("fault tests: site")
    transaction.commit()
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"type": site_setup.TYPE_ID, "attachment": site_setup.ATTACHMENT,
                   "citizens": users}, f)


if __name__ == "__main__":
    args = sys.argv[[a.endswith("site_script.py") for a in sys.argv].index(True) + 1:]
    setup(globals()["app"], args[0], int(args[1]), args[2], int(args[3]))
