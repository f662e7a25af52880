"""1001 -> 1002 (issue 10, security suite findings): looking people up is a
Site Administrator's act.

* The site's component registry gets the product's
  ``plone.app.vocabularies.Users`` and ``.Principals``
  (:mod:`comune.istanze.access.vocabularies`): empty for everybody but
  Managers and Site Administrators.
* The workflow's new permission maps (aliases, versions, view template,
  properties, listing, review, sharing: Managers and Site Administrators
  only) reach existing applications through
  :func:`comune.istanze.upgrades.v1002_roles.applicant_role`, which imports
  the workflow again and updates every application's role mappings (same
  upgrade, 1001 -> 1002).
"""

from plone import api

import logging


logger = logging.getLogger("comune.istanze.upgrades")


def people_search_for_delegators(context=None):
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile("profile-comune.istanze:default", "componentregistry",
                                   run_dependencies=False)
    logger.info("User and principal vocabularies only for Site Administrators")
