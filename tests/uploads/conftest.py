"""Fixtures of the upload tests: the REST fixtures (type, citizens over HTTP)."""

from tests.restapi.conftest import citizen_session  # noqa: F401
from tests.restapi.conftest import mario  # noqa: F401
from tests.restapi.conftest import rest_type  # noqa: F401
