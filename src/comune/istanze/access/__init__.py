"""Who may use Plone's own tools, and who gives office roles.

Citizens use the product's pages (personal area, the multi-step form, the
application page); Plone's tools are for staff and editors. Two permissions
draw the line (rolemap.xml):

* ``comune.istanze: Use site tools`` (staff and editors): the Sharing page,
  the history views and the state-change form answer 404 without it
  (:mod:`.views`); Plone's own ``Show Toolbar`` goes to the same roles, so
  the toolbar (edit menus, state menu, Sharing, history, contents, the
  personal bar) is not drawn for citizens; the header keeps their name,
  "Area personale" and "Esci" (integrations/spid viewlet).
* ``comune.istanze: Delegate office roles`` (Manager, Site Administrator):
  needed to give Istruttore and Responsabile on a type's Sharing page (or
  REST ``@sharing``); every grant and removal is in the type's audit log
  (:mod:`.delegation`). The same people look other people up: the user
  and principal vocabularies (:mod:`.vocabularies`) and Plone's author
  pages answer them only.
"""

from AccessControl import Unauthorized
from plone import api
from zExceptions import NotFound


USE_SITE_TOOLS = "comune.istanze: Use site tools"
DELEGATE_OFFICE_ROLES = "comune.istanze: Delegate office roles"
APPLICANT_ROLE = "Richiedente"
APPLICANT_ROLE_TITLE = "Richiedente (cittadino)"
APPLICANT_ROLE_DESCRIPTION = (
    "Ruolo locale del cittadino sulla propria istanza: i permessi vengono dal "
    "flusso delle istanze. Non si assegna a mano."
)


def title_applicant_role(portal):
    """Give the role its Italian title in the site's role manager (ZMI,
    acl_users); rolemap.xml can only name it."""
    manager = portal.acl_users.portal_role_manager
    if APPLICANT_ROLE in manager.listRoleIds():
        manager.updateRole(APPLICANT_ROLE, APPLICANT_ROLE_TITLE, APPLICANT_ROLE_DESCRIPTION)


def uses_site_tools(context):
    """True for staff and editors at ``context``; False for citizens."""
    if api.user.is_anonymous():
        return False
    return bool(api.user.has_permission(USE_SITE_TOOLS, obj=context))


def searches_people():
    """True for who may look people up (Manager, Site Administrator: the
    ones who delegate): user and principal vocabularies, author pages."""
    if api.user.is_anonymous():
        return False
    return bool(api.user.has_permission(DELEGATE_OFFICE_ROLES, obj=api.portal.get()))


def refuse_without_site_tools(context):
    """Anonymous visitors go to the login; citizens get a plain 404."""
    if api.user.is_anonymous():
        raise Unauthorized(USE_SITE_TOOLS)
    if not uses_site_tools(context):
        raise NotFound(context.getId())
