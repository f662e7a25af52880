"""Upgrade 1004 -> 1005 (arrivals): every application type gets its bucket."""

from comune.istanze.content.arrivals import arrivals_of
from comune.istanze.content.arrivals import ATTR
from comune.istanze.content.arrivals import SENTINEL
from comune.istanze.upgrades.v1005_arrivals import add_arrivals
from comune.istanze.workflow.submission import create_draft
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_type


def test_profile_version_is_1005_and_the_step_runs_from_1004(portal):
    setup = portal.portal_setup
    assert setup.getLastVersionForProfile("comune.istanze:default") == ("1005",)
    setup.setLastVersionForProfile("comune.istanze:default", "1004")
    steps = [s for group in setup.listUpgrades("comune.istanze:default")
             for s in (group if isinstance(group, list) else [group])]
    mine = [s for s in steps if s["title"] == "Arrivi delle istanze"]
    assert [(s["ssource"], s["sdest"]) for s in mine] == [("1004", "1005")]


def test_a_1004_type_gets_its_arrivals_and_keeps_its_applications(portal):
    casa = make_type(portal, code="CASA", title="Casa")
    assert list(arrivals_of(casa).keys()) == [SENTINEL]  # published: it has them
    delattr(casa, ATTR)  # as a type published before 1005
    login(portal, make_citizen().getId())
    draft = create_draft(casa)  # without arrivals: filed directly, as before
    assert draft.getId() in casa._tree
    assert add_arrivals() == ["/".join(casa.getPhysicalPath())]
    assert list(arrivals_of(casa).keys()) == [SENTINEL]
    assert casa[draft.getId()] is not None and draft.getId() in casa._tree
    assert add_arrivals() == []  # a second run changes nothing
