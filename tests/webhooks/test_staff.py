"""Staff surfaces: endpoints edited on the type (page and REST, secrets
never shown back), events and deliveries listed, «Reinvia» audited."""

from comune.istanze.backoffice import audit
from comune.istanze.webhooks import log as wlog
from comune.istanze.webhooks.endpoints import endpoints_of
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.documents.helpers import submitted
from tests.fixtures import http_session
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.webhooks.conftest import drain
from tests.webhooks.conftest import SECRET

import re
import requests
import transaction


JSON = {"Accept": "application/json"}
NEW_SECRET = "another-long-secret-for-the-registry"


def admin():
    session = requests.Session()
    session.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    return session


def base_url(functional, portal):
    return f"http://{functional['host']}:{functional['port']}/{portal.getId()}"


def test_endpoints_over_rest(protocol_site, functional, receiver):
    type_obj = make_type(protocol_site)
    citizen = make_citizen()
    make_staff("istruttore", type_obj, "Istruttore")
    transaction.commit()
    url = f"{base_url(functional, protocol_site)}/{type_obj.getId()}/@webhook-endpoints"
    bad = admin().post(url, headers=JSON, json={"url": "ftp://x", "kinds": ["nope"]})
    assert bad.status_code == 400
    fields = {e["field"]: e["message"] for e in bad.json()["error"]["errors"]}
    assert fields == {"title": "Indica il nome del sistema destinatario.",
                      "url": "Indica un indirizzo http:// o https:// completo.",
                      "secret": "Indica il segreto con cui firmare i messaggi.",
                      "kinds": "Scegli almeno un evento tra quelli previsti."}
    transaction.begin()
    assert endpoints_of(type_obj) == []  # nothing half-stored
    made = admin().post(url, headers=JSON, json={
        "title": "Anagrafe", "url": receiver.url, "secret": NEW_SECRET,
        "kinds": ["submitted", "decided"]})
    assert made.status_code == 201, made.text
    item = made.json()
    assert NEW_SECRET not in made.text and item["secret_set"] and item["mode"] == "hmac"
    listed = admin().get(url, headers=JSON).json()
    assert [i["title"] for i in listed["items"]] == ["Anagrafe"] and NEW_SECRET not in str(listed)
    short = admin().patch(f"{url}/{item['id']}", headers=JSON, json={"secret": "corto"})
    assert short.status_code == 400
    assert short.json()["error"]["message"] == "Il segreto deve essere lungo almeno 24 caratteri."
    kept = admin().patch(f"{url}/{item['id']}", headers=JSON, json={"title": "Anagrafe 2"})
    assert kept.status_code == 200
    assert kept.json()["secret_fingerprint"] == item["secret_fingerprint"]
    for who in (http_session(citizen.getId()), http_session("istruttore", "staff-Password-1"),
                requests.Session()):
        assert who.get(url, headers=JSON).status_code in (401, 403)
        assert who.post(url, headers=JSON, json={}).status_code in (401, 403)
    assert admin().delete(f"{url}/{item['id']}", headers=JSON).status_code == 204
    assert admin().delete(f"{url}/{item['id']}", headers=JSON).status_code == 404
    transaction.begin()
    assert endpoints_of(type_obj) == []
    logged = [(e["who"], e["detail"].split(":")[0]) for e in audit.entries(type_obj)
              if e["action"] == "webhook_endpoint"]
    assert logged == [(SITE_OWNER_NAME, "aggiunto"), (SITE_OWNER_NAME, "modificato"),
                      (SITE_OWNER_NAME, "eliminato")]
    assert not any(NEW_SECRET in e["detail"] for e in audit.entries(type_obj))


def test_endpoints_page(protocol_site, functional, receiver):
    type_obj = make_type(protocol_site)
    transaction.commit()
    page = f"{base_url(functional, protocol_site)}/{type_obj.getId()}/@@sistemi-destinatari"
    session = admin()
    html = session.get(page).text
    token = re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)
    form = {"_authenticator": token, "title": "Tributi", "url": "non un indirizzo",
            "secret": SECRET, "mode": "hmac", "kinds:list": ["submitted"], "enabled": "1",
            "form.save": "Salva"}
    refused = session.post(page, data=form)
    assert "Indica un indirizzo http:// o https:// completo." in refused.text
    assert 'value="Tributi"' in refused.text and SECRET not in refused.text
    transaction.begin()
    assert endpoints_of(type_obj) == []
    saved = session.post(page, data=dict(form, url=receiver.url))
    assert "Sistema destinatario salvato" in saved.text
    assert "Tributi" in saved.text and SECRET not in saved.text and "impostato" in saved.text
    transaction.begin()
    [endpoint] = endpoints_of(type_obj)
    assert endpoint.kinds == ("submitted",) and endpoint.secret == SECRET


def test_events_listed_and_replayed_with_the_same_id(protocol_site, functional, hooked_type,
                                                     receiver):
    make_staff("responsabile", hooked_type, "Responsabile")
    app = submitted(hooked_type)
    transaction.commit()
    drain(protocol_site)
    base = f"{base_url(functional, protocol_site)}/{hooked_type.getId()}/{app.getId()}"
    boss = http_session("responsabile", "staff-Password-1")
    listed = boss.get(f"{base}/@webhook-events", headers=JSON).json()
    assert [i["kind"] for i in listed["items"]] == ["submitted", "registered"]
    first = listed["items"][0]
    assert first["deliveries"][0]["status"] == "done"
    assert first["cloudevent"]["specversion"] == "1.0"
    bad = boss.post(f"{base}/@webhook-events", headers=JSON,
                    json={"action": "replay", "event": "nope", "endpoint": hooked_type.endpoint_id})
    assert bad.status_code == 400 and bad.json()["error"]["message"] == "Evento non trovato."
    again = boss.post(f"{base}/@webhook-events", headers=JSON, json={
        "action": "replay", "event": first["id"], "endpoint": hooked_type.endpoint_id})
    assert again.status_code == 200, again.text
    assert "stesso id" in again.json()["message"]
    transaction.begin()
    drain(protocol_site)
    copies = [e for e in receiver.events() if e["id"] == first["id"]]
    assert [c["duplicate"] for c in copies] == [False, True]
    [entry] = [e for e in audit.entries(hooked_type, app.UID()) if e["action"] == "webhook_replay"]
    assert entry["who"] == "responsabile" and first["id"] in entry["detail"]
    html = boss.get(f"{base}/@@eventi-webhook").text
    assert "it.comune.istanze.registered" in html and "Reinvia" in html
    assert "Consegnato" in html
    work = boss.get(f"{base}/@@istruttoria").text  # the office page links the events
    assert f"{base}/@@eventi-webhook" in work
    citizen = http_session(app.applicant_id)
    assert citizen.get(f"{base}/@webhook-events", headers=JSON).status_code in (401, 403)
    page = citizen.get(f"{base}/@@eventi-webhook", allow_redirects=False)
    assert page.status_code in (302, 401, 403) and first["id"] not in page.text


def test_type_page_lists_failed_deliveries(protocol_site, functional, hooked_type, receiver):
    from plone import api

    api.portal.set_registry_record("comune.istanze.outbox.max_attempts", 1)
    transaction.commit()
    receiver.mode("fail")
    app = submitted(hooked_type)
    transaction.commit()
    drain(protocol_site)
    url = f"{base_url(functional, protocol_site)}/{hooked_type.getId()}"
    rows = admin().get(f"{url}/@webhook-events", headers=JSON).json()["items"]
    assert [(r["status"], r["kind_title"], r["application_title"]) for r in rows] == [
        ("failed", "Istanza presentata", app.number)]
    assert "HTTP 500" in rows[0]["last_error"]
    html = admin().get(f"{url}/@@eventi-webhook").text
    assert "Fallito" in html and "Reinvia" in html and "HTTP 500" in html
    receiver.mode("ok")
    token = re.search(r'name="_authenticator" value="([^"]+)"', html).group(1)
    done = admin().post(f"{url}/@@eventi-webhook", data={
        "_authenticator": token, "subject": app.UID(), "event": rows[0]["event"],
        "endpoint": rows[0]["endpoint"], "form.replay": "1"})
    assert "Consegna rimessa in coda" in done.text
    transaction.begin()
    drain(protocol_site)
    assert receiver.types_of(app.UID()) == ["submitted", "registered"]
    assert wlog.events_of(app)[-1]["kind"] == "registered"
