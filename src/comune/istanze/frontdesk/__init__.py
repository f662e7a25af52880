"""Front-desk (assisted) submission: an operator files for a citizen present.

* Role ``Sportello`` («Operatore di sportello»): given by Site
  Administrators on a type's Sharing page (that type) or on the site root's
  (every type); each grant and removal is in the audit log (:mod:`.roles`).
  It brings the permission ``comune.istanze: Front desk`` and nothing else:
  no application is visible through it.
* The operator identifies the citizen (codice fiscale, names, identity
  document: :mod:`.identification`) and starts a draft whose applicant is
  the citizen (local role Richiedente on the codice fiscale, the user id of
  the citizen's next SPID login); the operator gets only the local role
  ``CompilatoreSportello`` on that draft, which the workflow maps in the
  draft state alone and which is taken away at submission (:mod:`.drafts`).
* The summary is signed on paper (scan uploaded) or on a tablet (a drawn
  PNG): without it the submission is refused (:mod:`.signature`).
* The application records ``channel`` ("online" by default, "sportello"),
  the operator and the document; catalog index and metadata ``channel``,
  metadata ``frontdesk_by``; statistics count applications per channel.
"""

from comune.istanze import _


ROLE = "Sportello"
ROLE_TITLE = "Operatore di sportello"
ROLE_DESCRIPTION = (
    "Presenta istanze per conto dei cittadini allo sportello: identifica il "
    "cittadino, compila il modulo, raccoglie la firma e invia."
)
FILLER_ROLE = "CompilatoreSportello"
FILLER_ROLE_TITLE = "Operatore di sportello (compila la bozza)"
FILLER_ROLE_DESCRIPTION = (
    "Ruolo locale dell'operatore sulla sola bozza che compila per un cittadino, "
    "fino all'invio. Non si assegna a mano."
)
FRONT_DESK = "comune.istanze: Front desk"
ONLINE = "online"
SPORTELLO = "sportello"
CHANNELS = (ONLINE, SPORTELLO)

DOCUMENT_TYPES = (
    ("carta_identita", _("Carta d'identità")),
    ("carta_identita_elettronica", _("Carta d'identità elettronica")),
    ("passaporto", _("Passaporto")),
    ("patente", _("Patente di guida")),
    ("permesso_soggiorno", _("Permesso di soggiorno")),
)


def channel_of(app_or_brain):
    """``"sportello"`` or ``"online"`` (applications older than the channel)."""
    value = getattr(app_or_brain, "channel", None)
    return value if value in CHANNELS else ONLINE


def is_frontdesk(app):
    return channel_of(app) == SPORTELLO


def title_roles(portal):
    """Italian titles of the two roles in the site's role manager."""
    manager = portal.acl_users.portal_role_manager
    for role, title, description in ((ROLE, ROLE_TITLE, ROLE_DESCRIPTION),
                                     (FILLER_ROLE, FILLER_ROLE_TITLE, FILLER_ROLE_DESCRIPTION)):
        if role in manager.listRoleIds():
            manager.updateRole(role, title, description)
