"""Fixtures of the identity tests: the REST fixtures (a type, citizens over HTTP)."""

from tests.restapi.conftest import citizen_session  # noqa: F401
from tests.restapi.conftest import mario  # noqa: F401
from tests.restapi.conftest import rest_type  # noqa: F401
