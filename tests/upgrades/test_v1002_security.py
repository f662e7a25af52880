"""Upgrade 1001 -> 1002 (security suite findings): the product's user and
principal vocabularies reach a site installed before them; uninstalling
gives Plone's back."""

from comune.istanze.access import vocabularies
from comune.istanze.upgrades.v1002_security import people_search_for_delegators
from zope.component import getSiteManager
from zope.schema.interfaces import IVocabularyFactory

import pytest


NAMES = ("plone.app.vocabularies.Users", "plone.app.vocabularies.Principals")


def local_factory(portal, name):
    return getSiteManager(portal).queryUtility(IVocabularyFactory, name=name)


def test_upgrade_registers_the_vocabularies(portal):
    registry = getSiteManager(portal)
    for name in NAMES:
        registry.unregisterUtility(provided=IVocabularyFactory, name=name)
        assert type(local_factory(portal, name)).__module__ != vocabularies.__name__
    people_search_for_delegators(portal.portal_setup)
    people_search_for_delegators(portal.portal_setup)  # idempotent
    assert isinstance(local_factory(portal, NAMES[0]), vocabularies.Users)
    assert isinstance(local_factory(portal, NAMES[1]), vocabularies.Principals)


@pytest.mark.parametrize("name", NAMES)
def test_uninstall_profile_gives_plone_vocabularies_back(portal, name):
    portal.portal_setup.runImportStepFromProfile("profile-comune.istanze:uninstall",
                                                 "componentregistry", run_dependencies=False)
    assert type(local_factory(portal, name)).__module__ != vocabularies.__name__
