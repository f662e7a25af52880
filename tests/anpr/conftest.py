"""Fixtures of the ANPR tests: the sandbox PDND (from tests/pdnd) and the
sandbox ANPR on free ports, the product's clients pointed at them."""

from comune.istanze.demo.anpr import FORM as DEMO_FORM
from comune.istanze.integrations.anpr.rest import RestANPRClient
from comune.istanze.integrations.pdnd.voucher import PDNDClient
from sandbox.anpr.server import make_server
from sandbox.pdnd import DEMO_PURPOSES
from tests.pdnd.conftest import PDNDSandbox
from tests.pdnd.conftest import pdnd  # noqa: F401 (fixture)
from tests.pdnd.conftest import pdnd_server  # noqa: F401 (fixture)
from tests.sandboxes import SandboxDriver
from tests.sandboxes import serving
from types import SimpleNamespace

import pytest


PURPOSE = DEMO_PURPOSES["anpr"]


@pytest.fixture(scope="session")
def anpr_server():
    with serving(make_server("127.0.0.1", 0)) as server:
        yield server


@pytest.fixture
def anpr(anpr_server):
    box = SandboxDriver(anpr_server)
    box.reset()
    yield box
    box.reset()


def anpr_settings(base, **overrides):
    values = dict(client="rest", base_url=base, audience=PURPOSE.audience,
                  purpose_generalita=PURPOSE.id, purpose_residenza=PURPOSE.id,
                  purpose_famiglia=PURPOSE.id, timeout=2.0, comune_istat="999001")
    values.update(overrides)
    return SimpleNamespace(**values)


@pytest.fixture
def pdnd_client(pdnd):  # noqa: F811
    return PDNDClient(settings=PDNDSandbox.settings(pdnd))


@pytest.fixture
def anpr_client(anpr, pdnd_client):
    return RestANPRClient(settings=anpr_settings(anpr.base), pdnd_client=pdnd_client)


ANPR_XML = DEMO_FORM  # the demo type's form (demo/anpr.py): the tests check the demo too


def configure_site(pdnd_box, anpr_box, **anpr_overrides):
    """Point the site's PDND and ANPR records at the sandboxes."""
    from comune.istanze.integrations import pdnd as pdnd_integration
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    registry = getUtility(IRegistry)
    for name, value in vars(pdnd_box.settings()).items():
        registry[f"comune.istanze.pdnd.{name}"] = value
    for name, value in vars(anpr_settings(anpr_box.base, **anpr_overrides)).items():
        registry[f"comune.istanze.anpr.{name}"] = value
    client = pdnd_integration.client()
    client.vouchers.forget()
    client.evidences.forget()
    return client


def anpr_type(portal, code="ASSFAM", **rules):
    from tests.fixtures import make_type

    values = dict(anpr_require_resident=True, anpr_require_family=True)
    values.update(rules)
    return make_type(portal, code=code, title="Assistenza a un familiare", xml=ANPR_XML,
                     attachments=[], **values)


@pytest.fixture
def anpr_site(portal, pdnd, anpr):  # noqa: F811
    client = configure_site(pdnd, anpr)
    yield anpr
    client.vouchers.forget()
    client.evidences.forget()
