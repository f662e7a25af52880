"""This folder's tests run in the io-Comune layer (``layers.py``)."""

from pytest_plone import fixtures_factory
from tests.iocomune.layers import IOCOMUNE_FUNCTIONAL
from tests.iocomune.layers import IOCOMUNE_INTEGRATION


# the same fixture names as tests/conftest.py: here portal, functional_portal,
# request_factory... are this layer's
globals().update(fixtures_factory(((IOCOMUNE_INTEGRATION, "integration"),
                                   (IOCOMUNE_FUNCTIONAL, "functional"))))
