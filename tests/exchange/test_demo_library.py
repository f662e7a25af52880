"""The demo imports the whole library, published, and keeps what exists."""

from comune.istanze.demo.content import create_staff
from comune.istanze.demo.library import create_demo_library
from comune.istanze.exchange.library import entries
from plone import api

import time


def test_demo_imports_every_library_type_published_with_its_staff(portal):
    with api.env.adopt_roles(["Manager"]):
        create_staff(portal)
        folder = api.content.create(container=portal, type="Folder", id="servizi-online")
    started = time.monotonic()
    created = create_demo_library(folder)
    elapsed = time.monotonic() - started
    assert sorted(o.getId() for o in created) == sorted(e.name for e in entries())
    assert all(api.content.get_state(o) == "published" and o.published_type for o in created)
    mensa = folder["mensa-scolastica"]
    assert "Istruttore" in api.user.get_roles(username="istruttore", obj=mensa)
    assert "Editor" in api.user.get_roles(username="redattore", obj=mensa)
    assert elapsed < 20  # the demo's start stays reasonable
    assert create_demo_library(folder) == []  # a second run keeps what exists
