"""The Bootstrap Italia profile applied on the functional site (each test's
changes are discarded with its DemoStorage)."""

from plone.app.testing import applyProfile

import pytest
import transaction


@pytest.fixture
def themed_portal(functional_portal):
    applyProfile(functional_portal, "comune.istanze:bootstrap_italia")
    transaction.commit()
    return functional_portal
