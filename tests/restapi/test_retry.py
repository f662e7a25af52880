"""A citizen's retry after a lost answer: the same application, never two.

``POST @istanze`` with an ``Idempotency-Key`` sent again answers the
application of the first request (same id and number, ``Idempotent-Replayed``);
the same key with another body is refused; another citizen's same key is
another application. ``@istanze-invia`` sent again answers the number given.
(The same guarantees under ``kill -9`` of real processes: tests/faults/.)
"""

from tests.restapi.conftest import applications
from tests.restapi.conftest import body
from tests.restapi.test_draft import complete
from tests.restapi.test_draft import draft  # noqa: F401 - fixture


def test_the_same_key_answers_the_first_submission_again(rest_type, mario):
    url, key = f"{rest_type.getId()}/@istanze", {"Idempotency-Key": "domanda-affitto-1"}
    first = mario.post(url, json=body(), headers=key)
    assert first.status_code == 201, first.text
    assert "Idempotent-Replayed" not in first.headers
    again = mario.post(url, json=body(), headers=key)
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert applications(rest_type) == [first.json()["id"]]
    other = mario.post(url, json=body(), headers={"Idempotency-Key": "domanda-affitto-2"})
    assert other.json()["number"] != first.json()["number"]
    assert len(applications(rest_type)) == 2


def test_the_same_key_with_another_body_is_refused(rest_type, mario):
    url, key = f"{rest_type.getId()}/@istanze", {"Idempotency-Key": "k-1"}
    assert mario.post(url, json=body(), headers=key).status_code == 201
    changed = body()
    changed["data"]["componenti"] = 5
    refused = mario.post(url, json=changed, headers=key)
    assert refused.status_code == 422
    assert "già stata usata per una richiesta diversa" in refused.json()["error"]["message"]
    assert len(applications(rest_type)) == 1


def test_a_key_is_the_citizens_own(rest_type, mario, giulia):
    url, key = f"{rest_type.getId()}/@istanze", {"Idempotency-Key": "k-1"}
    one = mario.post(url, json=body(), headers=key).json()
    two = giulia.post(url, json=body(), headers=key).json()
    assert one["id"] != two["id"] and one["number"] != two["number"]


def test_a_bad_key_is_refused(rest_type, mario):
    refused = mario.post(f"{rest_type.getId()}/@istanze", json=body(),
                         headers={"Idempotency-Key": "x" * 201})
    assert refused.status_code == 400
    assert refused.json()["error"]["message"].startswith("Idempotency-Key non valida")
    assert applications(rest_type) == []


def test_submitting_again_answers_the_same_number(rest_type, mario, giulia, draft):  # noqa: F811
    complete(mario, draft)
    first = mario.post(f"{draft}/@istanze-invia")
    assert first.status_code == 200, first.text
    again = mario.post(f"{draft}/@istanze-invia")
    assert again.status_code == 200 and again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["number"] == first.json()["number"]
    assert giulia.post(f"{draft}/@istanze-invia").status_code in (401, 403, 404)


def test_once_the_office_moved_it_submitting_again_is_refused(
        rest_type, mario, draft, functional_portal):  # noqa: F811
    """Only an application still «submitted» answers a repeated submission:
    once the office has asked for an integration, it is a refusal again."""
    from comune.istanze.backoffice import actions
    from datetime import datetime
    from datetime import timedelta
    from plone import api

    import transaction

    complete(mario, draft)
    number = mario.post(f"{draft}/@istanze-invia").json()["number"]
    transaction.begin()
    app = rest_type[draft.rstrip("/").rsplit("/", 1)[-1]]
    with api.env.adopt_roles(["Manager"]):
        actions.request_integration(app, "Manca il contratto", datetime.now() + timedelta(days=9))
    transaction.commit()
    refused = mario.post(f"{draft}/@istanze-invia")
    assert refused.status_code == 403, refused.text
    assert "L'istanza è già stata inviata" in refused.json()["error"]["message"]
    assert "Idempotent-Replayed" not in refused.headers
    transaction.begin()
    assert api.content.get_state(app) == "integration_requested" and app.number == number
