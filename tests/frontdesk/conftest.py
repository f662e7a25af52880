"""Fixtures of the front-desk tests: the SPID/CIE sandbox broker of tests/spid."""

from tests.spid.conftest import broker_server  # noqa: F401
from tests.spid.conftest import site_url  # noqa: F401
from tests.spid.conftest import spid_site  # noqa: F401
