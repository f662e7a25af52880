"""Deliveries against the sandbox receiver: signatures, a receiver that
fails, is slow or loses answers, order per application, nothing lost."""

from comune.istanze.outbox import queue
from comune.istanze.outbox.worker import run_once
from comune.istanze.webhooks import log as wlog
from comune.istanze.webhooks.endpoints import add_endpoint
from comune.istanze.webhooks.endpoints import get_endpoint
from comune.istanze.webhooks.signing import public_key_pem
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from plone import api
from tests.documents.helpers import submitted
from tests.fixtures import make_citizen
from tests.webhooks.conftest import drain
from tests.webhooks.conftest import SECRET

import time
import transaction


def _withdraw(app, citizen):
    from comune.istanze.workflow.withdrawal import withdraw
    from tests.fixtures import login

    login(app.aq_parent.aq_parent, citizen.getId())
    withdraw(app, "Non serve più")


def test_signed_event_verified_by_the_receiver(protocol_site, hooked_type, receiver):
    app = submitted(hooked_type)
    transaction.commit()
    drain(protocol_site)
    [got] = [e for e in receiver.events() if e["type"] == "it.comune.istanze.submitted"]
    assert got["signature_ok"] and got["signature"] == "HMAC valido"
    assert got["subject"] == app.UID() and got["data"]["number"] == app.number
    assert got["data"]["state"] == "submitted" and got["data"]["type_id"] == hooked_type.getId()
    assert got["source"].endswith("/" + hooked_type.getId())
    # never the applicant's personal data
    for personal in (app.applicant_id, app.applicant_email, "Via Roma 1"):
        assert personal not in str(got)


def test_wrong_secret_fails_visibly_then_fixed(protocol_site, hooked_type, receiver):
    endpoint = get_endpoint(hooked_type, hooked_type.endpoint_id)
    endpoint.secret = "a-different-secret-0123456789"
    transaction.commit()
    app = submitted(hooked_type)
    transaction.commit()
    run_once(protocol_site)
    key = wlog.delivery_key(wlog.events_of(app)[0]["id"], endpoint.id)
    job = queue.job_for_key(protocol_site, key)
    assert job.state == queue.PENDING and "HTTP 401" in job.last_error
    assert [e["signature_ok"] for e in receiver.events()] == [False]
    endpoint.secret = SECRET  # staff correct it: the retry goes through
    transaction.commit()
    drain(protocol_site)
    assert job.state == queue.DONE
    assert receiver.types_of(app.UID()) == ["submitted", "registered"]


def test_jws_rs256_and_hs256(protocol_site, hooked_type, receiver):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    endpoint = get_endpoint(hooked_type, hooked_type.endpoint_id)
    endpoint.mode, endpoint.secret, endpoint.kinds = "jws-rs256", pem, ("submitted",)
    add_endpoint(hooked_type, {"title": "HS", "url": receiver.url, "secret": SECRET,
                               "mode": "jws-hs256", "kinds": ["submitted"]})
    receiver.server.inbox.public_key = public_key_pem(pem)
    transaction.commit()
    submitted(hooked_type)
    transaction.commit()
    drain(protocol_site)
    reasons = sorted(e["signature"] for e in receiver.events())
    assert reasons == ["JWS HS256 valida", "JWS RS256 valida"]


def test_receiver_down_nothing_lost_order_kept(protocol_site, hooked_type, receiver):
    receiver.mode("fail")  # 500 to everything
    citizen = make_citizen("Luca", "Verdi")
    apps = [submitted(hooked_type, citizen) for _i in range(3)]
    transaction.commit()
    _withdraw(apps[1], citizen)
    transaction.commit()
    drain(protocol_site, rounds=3)  # protocol registers; deliveries keep failing
    assert receiver.events() == []
    # one delivery per application in the queue, the later events wait behind it
    for app in apps:
        jobs = [queue.job_for_key(protocol_site, wlog.delivery_key(r["id"], hooked_type.endpoint_id))
                for r in wlog.events_of(app)]
        assert jobs[0].state == queue.PENDING and jobs[0].attempts >= 2
        assert jobs[1:] == [None] * (len(jobs) - 1)
        assert wlog.waiting(app, wlog.events_of(app)[-1]["seq"], hooked_type.endpoint_id)
    receiver.mode("ok")  # back
    drain(protocol_site)
    assert receiver.types_of(apps[0].UID()) == ["submitted", "registered"]
    assert receiver.types_of(apps[1].UID()) == ["submitted", "withdrawn", "registered"]
    assert receiver.types_of(apps[2].UID()) == ["submitted", "registered"]
    assert not [i for i in queue.open_job_ids(protocol_site)
                if queue.get_job(protocol_site, i).kind == wlog.JOB_KIND]


def test_failed_for_good_waits_for_replay_then_resumes(protocol_site, hooked_type, receiver):
    api.portal.set_registry_record("comune.istanze.outbox.max_attempts", 2)
    receiver.mode("down")
    app = submitted(hooked_type)
    transaction.commit()
    drain(protocol_site)
    first = wlog.events_of(app)[0]
    job = queue.job_for_key(protocol_site, wlog.delivery_key(first["id"], hooked_type.endpoint_id))
    assert job.state == queue.FAILED and "HTTP 503" in job.last_error
    assert job in queue.problem_jobs(protocol_site)  # in the control panel and digest
    receiver.mode("ok")
    from comune.istanze.webhooks.delivery import replay

    with api.env.adopt_roles(["Manager"]):
        replay(app, first["id"], hooked_type.endpoint_id)
    transaction.commit()
    drain(protocol_site)
    assert receiver.types_of(app.UID()) == ["submitted", "registered"]


def test_slow_receiver_times_out_and_is_retried(protocol_site, hooked_type, receiver):
    receiver.mode("slow", delay=3, times=1)  # the timeout is 2 s
    app = submitted(hooked_type)
    transaction.commit()
    assert run_once(protocol_site).get("pending") == 1
    job = queue.job_for_key(
        protocol_site, wlog.delivery_key(wlog.events_of(app)[0]["id"], hooked_type.endpoint_id))
    assert job.last_error == "Nessuna risposta entro 2 s"
    drain(protocol_site)
    assert job.state == queue.DONE and job.attempts == 2
    deadline = time.time() + 10
    while len(_submissions(receiver)) < 2 and time.time() < deadline:
        time.sleep(0.2)  # the slow call lands after the retry
    events = _submissions(receiver)
    # the receiver took the slow call too: the retry is the same event, flagged
    assert len(events) == 2 and len({e["id"] for e in events}) == 1
    assert sorted(e["duplicate"] for e in events) == [False, True]


def _submissions(receiver):
    return [e for e in receiver.events() if e["type"].endswith(".submitted")]


def test_lost_answer_redelivered_with_the_same_id(protocol_site, hooked_type, receiver):
    receiver.mode("lose_response", times=1)
    app = submitted(hooked_type)
    transaction.commit()
    drain(protocol_site)
    subs = [e for e in receiver.events() if e["type"].endswith(".submitted")]
    assert len(subs) == 2 and subs[0]["id"] == subs[1]["id"]
    assert [s["duplicate"] for s in subs] == [False, True]
    assert receiver.types_of(app.UID()) == ["submitted", "registered"]
