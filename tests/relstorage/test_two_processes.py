"""Two Zope processes and two outbox workers on one RelStorage database.

Citizens submit at the same time through both processes (real HTTP, the
P1 benchmark's request: ``POST <type>/@istanze`` with answers, a PDF and
``submit``, authenticated by the SPID session cookie), while two outbox
workers run on the same DSN. Then:

- every submission is acknowledged and stored once, with a number no other
  submission got, whichever process numbered it (the numbering's tiny
  transactions meet in PostgreSQL);
- each process finds all of them in its catalog and opens those the other
  process stored (RelStorage polls the database for invalidations);
- the protocol registrations the submissions enqueued are done exactly once:
  one registration per application in the register, every job done, and
  the two workers' "done" counts add up to the jobs done.
"""

from tests.operations.instance import get
from tests.operations.site_script import ADMIN

import json


def search(instance, portal_type):
    status, body = get(f"{instance.url}/@search?portal_type={portal_type}&b_size=1000"
                       "&metadata_fields=application_number", auth=ADMIN)
    assert status == 200, body
    return {item["application_number"]: item["@id"] for item in json.loads(body)["items"]}


def test_every_submission_is_stored_once_with_its_own_number(cluster, settled):
    failed = [(o.status, o.detail) for o in settled["outcomes"] if not o.ok]
    assert not failed, failed
    numbers = [o.number for o in settled["outcomes"]]
    assert len(numbers) == len(cluster.info["citizens"]) and all(numbers)
    assert len(set(numbers)) == len(numbers), "a number given twice"
    state = settled["state"]
    assert set(state["applications"]) == set(numbers)
    assert max(state["counters"].values()) >= len(numbers)
    for app in state["applications"].values():
        assert app["state"] == "submitted" and app["bytes"] == app["recorded"]


def test_each_process_finds_what_the_other_stored(cluster, settled):
    numbers = {o.number for o in settled["outcomes"]}
    portal_type = cluster.info["portal_type"]
    found = [search(inst, portal_type) for inst in cluster.processes]
    for listing in found:
        assert set(listing) == numbers
    for number, url in found[0].items():  # a's addresses, opened on b
        status, body = get(url.replace(cluster.a.url, cluster.b.url), auth=ADMIN)
        assert status == 200 and number in body


def test_the_two_workers_do_every_job_exactly_once(register, settled):
    assert settled["health"]["outbox"]["failed"] == 0, settled["health"]
    state = settled["state"]
    registrations = register.state()["registrations"]
    protocols = [app["protocol"] for app in state["applications"].values()]
    assert all(protocols) and len(set(protocols)) == len(protocols)
    assert sorted(r["number"] for r in registrations) == sorted(protocols)
    incoming = [job for job in state["jobs"] if job["kind"] == "protocol.incoming"]
    assert len({job["key"] for job in incoming}) == len(incoming) == len(protocols)
    assert all(job["state"] == "done" for job in state["jobs"]), state["jobs"]
    # a job run to its end by both workers would be counted twice
    assert sum(settled["done"]) == len(state["jobs"]), settled["done"]
    print(f"jobs done by each worker: {settled['done']}; register calls "
          f"{register.state()['calls']} for {len(registrations)} registrations")
