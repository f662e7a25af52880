"""Looking people up is a Site Administrator's act (security suite findings):
Plone's user and principal vocabularies, the Sharing page's user search and
the author pages answer Managers and Site Administrators only."""

from comune.istanze.access.vocabularies import Users
from plone import api
from tests.fixtures import make_citizen
from zExceptions import NotFound
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

import pytest


NAMES = ("plone.app.vocabularies.Users", "plone.app.vocabularies.Principals")


def _member(user_id, role):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username=user_id, email=f"{user_id}@comune.example",
                        password="staff-Password-1")
        api.user.grant_roles(username=user_id, roles=[role])
    return api.user.get(username=user_id)


@pytest.fixture
def people(portal):
    mario = make_citizen()
    return {"mario": mario, "Editor": _member("redattore", "Editor"),
            "Contributor": _member("autore", "Contributor"),
            "Site Administrator": _member("siteadmin", "Site Administrator")}


def titles(portal, name, query="Rossi"):
    return [term.title for term in getUtility(IVocabularyFactory, name)(portal, query)]


@pytest.mark.parametrize("name", NAMES)
def test_the_site_answers_with_the_product_vocabularies(portal, name):
    assert type(getUtility(IVocabularyFactory, name)).__module__ == Users.__module__


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("role", ["Editor", "Contributor"])
def test_editors_find_nobody(portal, people, name, role):
    with api.env.adopt_user(user=people[role]):
        assert titles(portal, name) == []


@pytest.mark.parametrize("name", NAMES)
def test_site_administrators_find_citizens(portal, people, name):
    with api.env.adopt_user(user=people["Site Administrator"]):
        assert any("Rossi" in title for title in titles(portal, name))


def sharing_search(portal, user):
    request = portal.REQUEST
    request.form["search_term"] = "Rossi"
    with api.env.adopt_user(user=user):
        view = api.content.get_view("sharing", portal, request)
        return [entry["id"] for entry in view.user_search_results()]


def test_the_sharing_page_searches_users_for_site_administrators_only(portal, people):
    mario = people["mario"].getId()
    assert sharing_search(portal, people["Editor"]) == []
    assert mario in sharing_search(portal, people["Site Administrator"])


def author_page(portal, user, username):
    with api.env.adopt_user(user=user):
        view = api.content.get_view("author", portal, portal.REQUEST)
        view.username = username
        view.check()


def test_author_pages_of_others_only_for_site_administrators(portal, people):
    mario = people["mario"].getId()
    with pytest.raises(NotFound):
        author_page(portal, people["Editor"], mario)
    author_page(portal, people["Editor"], "redattore")  # one's own page
    author_page(portal, people["Site Administrator"], mario)
