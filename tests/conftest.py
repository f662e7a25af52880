"""pytest configuration: pytest-plone fixtures for the comune.istanze layers."""

from comune.istanze.testing import FUNCTIONAL_TESTING
from comune.istanze.testing import INTEGRATION_TESTING
from pytest_plone import fixtures_factory


pytest_plugins = ["pytest_plone", "tests.fixtures"]

globals().update(
    fixtures_factory(
        (
            (FUNCTIONAL_TESTING, "functional"),
            (INTEGRATION_TESTING, "integration"),
        )
    )
)
