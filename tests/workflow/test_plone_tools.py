"""Site-wide Editors, Contributors and Reviewers acquire none of Plone's own
tools on an application (the security suite found aliases and history open):
the application workflow manages them, for Managers and Site Administrators."""

from AccessControl.Permission import Permission
from plone import api
from tests.fixtures import submit_as

import pytest


PLONE_TOOLS = ("Manage Context Aliases", "CMFEditions: Access previous versions",
               "CMFEditions: Apply version control", "CMFEditions: Save new version",
               "CMFEditions: Revert to previous versions", "CMFEditions: Checkout to location",
               "Modify view template", "Manage properties", "List folder contents",
               "Request review", "Review portal content", "Sharing page: Delegate roles",
               "Change local roles")


@pytest.mark.parametrize("permission", PLONE_TOOLS)
def test_only_managers_and_site_administrators(portal, app_type, citizen, permission):
    app = submit_as(portal, app_type, citizen)
    roles = Permission(permission, (), app).getRoles(default=None)
    assert isinstance(roles, tuple), "acquired"  # a tuple: not acquired
    assert set(roles) == {"Manager", "Site Administrator"}
    for role in ("Editor", "Contributor", "Reviewer", "Reader"):
        with api.env.adopt_roles([role]):
            assert not api.user.has_permission(permission, obj=app), role
