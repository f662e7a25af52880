"""The service account as a tenth actor of the isolation matrix.

A service account bound to MENSA (type X, B's application) with every action
meets every surface the matrix finds (read from the component registry, so a
view added later is tried too) plus the calls that would change something.
Its rule is simpler than a table line per surface: it is refused everywhere
(302 to the login form, 400, 401, 403, 404, 405) except the two REST reads its
``read`` action opens on its own type; no answer shows citizen A or the
password account (B, whose application is of its type, it may read, as
MENSA's staff), and afterwards nothing has changed.
"""

from comune.istanze.service_accounts import store
from plone import api
from tests.security import actors as ac
from tests.security import cells
from tests.security import surfaces as sf

import pytest
import requests
import transaction


OPEN = {("b_app", "GET @istruttoria"): 200, ("site", "GET @scrivania"): 200}


@pytest.fixture
def world(functional, functional_portal):
    world = ac.build(functional, functional_portal)
    with api.env.adopt_roles(["Manager"]):
        world.account, world.token = store.create(
            "Gestionale mensa", [world.mensa.UID()], ["read", "document", "integration", "decide",
                                                       "close"])
    transaction.commit()
    return world


def _surfaces(world):
    return (sf.app_surfaces(world) + sf.b_app_surfaces(world) + sf.site_surfaces(world)
            + sf.type_delegation(world, world.account.id)
            + [sf.Surface("site", "GET @users/<self>", "GET",
                          f"{world.base}/@users/{world.account.id}", sf.JSON)])


def _snapshot(world):
    transaction.begin()
    return [(api.content.get_state(o), len(o.workflow_history.get("istanza_workflow", ())),
             sorted(o.get_local_roles())) for o in (world.app, world.b_app, world.casa, world.mensa)]


def test_service_account_is_refused_everywhere_but_its_reads(world):
    web = requests.Session()
    web.headers["Authorization"] = f"Bearer {world.token}"
    web.headers["Idempotency-Key"] = "matrice"
    before = _snapshot(world)
    secrets = [*world.a_secrets, *world.password_secrets]
    failures, opened = [], set()
    surfaces = _surfaces(world)
    for surface in surfaces:
        answer = surface.send(web)
        got = cells.status_of(answer)
        want = OPEN.get((surface.where, surface.key))
        if want is not None:
            opened.add((surface.where, surface.key))
            if got != want:
                failures.append(f"{surface.method} {surface.url} -> {got}, expected {want}")
        elif not cells.refusal(got):
            failures.append(f"{surface.method} {surface.url} -> {got}, expected a refusal: "
                            f"{answer.text[:200]!r}")
        found = ac.leaks(answer.text, secrets, surface.url)
        if found:
            failures.append(f"{surface.method} {surface.url} shows {found}")
    print(f"\nservice account: {len(surfaces)} surfaces")
    assert opened == set(OPEN)
    assert failures == [], f"{len(failures)} cells fail:\n" + "\n".join(failures)
    assert _snapshot(world) == before
