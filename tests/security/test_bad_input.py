"""The bad-input corpus (issue 10): every case of ``corpus/*.json`` over real
HTTP gets its status (never 500), a clear Italian message and stores nothing;
payloads that are legitimately stored come back escaped. See
:mod:`tests.security.bad_input` for the format of a case.
"""

from collections import Counter
from plone import api
from tests.fixtures import make_type
from tests.security import actors as ac
from tests.security import bad_input

import json
import os
import pytest
import transaction


CASES = bad_input.load_cases()
MINIMUM = 100
LIMIT_RECORD, LIMIT_MB = "comune.istanze.uploads.max_request_mb", 10


@pytest.fixture
def world(functional, functional_portal):
    world = ac.build(functional, functional_portal)
    world.demo = make_type(functional_portal, code="DEMO", title="Contributo demo",
                           xml=bad_input.FORM_MODEL, applicant_kinds=["self", "family",
                                                                     "association"])
    # The Comune's own request body limit (issue 10, point 6): 10 MB.
    api.portal.set_registry_record(LIMIT_RECORD, LIMIT_MB)
    transaction.commit()
    webs = ac.sessions(world)
    demo_url = f"{world.base}/{world.demo.getId()}"
    draft = webs[ac.A].post(f"{demo_url}/@istanze", headers={"Accept": "application/json"},
                            json={"data": {"indirizzo": "Via Bozza 1"}, "submit": False,
                                  "attachments": [bad_input.attachment()]})
    assert draft.status_code == 201, draft.text
    transaction.begin()
    world.draft = world.demo[draft.json()["id"]]
    world.webs = {short: webs[actor] for short, actor in
                  (("anon", ac.ANON), ("a", ac.A), ("b", ac.B), ("pw", ac.PASSWORD),
                   ("editor", ac.EDITOR), ("admin", ac.SITE_ADMIN))}
    world.actor_ids = {short: ac.user_id(world, actor) for short, actor in
                       (("a", ac.A), ("b", ac.B), ("pw", ac.PASSWORD), ("editor", ac.EDITOR),
                        ("admin", ac.SITE_ADMIN))}
    from comune.istanze.documents.attachments import attachments_of

    world.names = {"base": world.base, "demo": demo_url, "draft": draft.json()["@id"],
                   "app": world.app_url, "b_app": world.b_app_url, "b": world.b,
                   "att": world.att_ids[0], "doc": world.doc_ids[0], "msg": world.msg_id,
                   "b_att": attachments_of(world.b_app)[0].id,
                   "draft_att": attachments_of(world.draft)[0].id}
    return world


def test_the_corpus_has_at_least_100_cases():
    ids = [(c["category"], c["id"]) for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for case in CASES:
        assert case["channel"] in ("rest", "attachment", "form", "raw"), case["id"]
        expect = case["expect"]
        assert expect["status"] != 500, case["id"]
        assert expect.get("stored") or expect.get("message") or case.get("why_no_message") \
            or expect["status"] in (302, 401, 404), f"a refusal needs its message: {case['id']}"
    by_category = Counter(c["category"] for c in CASES)
    print(f"\nbad-input corpus: {len(CASES)} cases {dict(sorted(by_category.items()))}")
    assert len(CASES) >= MINIMUM


def test_bad_input_corpus(world):
    """``CORPUS_ONLY=csrf,json`` runs only those categories (while working)."""
    only = [c for c in os.environ.get("CORPUS_ONLY", "").split(",") if c]
    failures = []
    for case in CASES:
        if only and case["category"] not in only:
            continue
        failures += bad_input.check(case, world, world.webs)
    summary = json.dumps(Counter(f.split("/")[0] for f in failures), sort_keys=True)
    assert failures == [], f"{len(failures)} failures {summary}:\n" + "\n".join(failures)
