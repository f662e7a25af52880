"""The nine actors of the security suite and the committed world they meet.

The world is :func:`tests.personal_area.world.build_world` (citizen A's
application of type CASA with a message, documents and an attachment;
citizen B's application of type MENSA; an Istruttore of each type), plus
the accounts the issue lists: a password account, a site-wide Editor and
Contributor, a Responsabile of MENSA and a Site Administrator.

Naming: type X is MENSA (where the Istruttore and the Responsabile work),
type Y is CASA (citizen A's application). Each actor has one
``requests.Session`` for the whole matrix.
"""

from comune.istanze.integrations.pagopa import owed
from datetime import datetime
from plone import api
from plone.base.interfaces.syndication import ISiteSyndicationSettings
from tests.fixtures import make_staff
from tests.personal_area.world import build_world
from tests.personal_area.world import session
from tests.personal_area.world import STAFF_PASSWORD
from urllib.parse import unquote

import transaction


ANON = "anonimo"
A = "cittadino A"
B = "cittadino B"
PASSWORD = "account con password"
EDITOR = "Editor"
CONTRIBUTOR = "Contributor"
ISTRUTTORE_X = "Istruttore di MENSA"
RESPONSABILE_X = "Responsabile di MENSA"
SITE_ADMIN = "Site Administrator"
ACTORS = (ANON, A, B, PASSWORD, EDITOR, CONTRIBUTOR, ISTRUTTORE_X, RESPONSABILE_X, SITE_ADMIN)
CITIZENS = (A, B, PASSWORD)
MEMBERS = tuple(a for a in ACTORS if a != ANON)
STAFF = (ISTRUTTORE_X, RESPONSABILE_X, SITE_ADMIN)

# A member who logs in with a password (no SPID/CIE): a name and nothing else.
PASSWORD_USER, PASSWORD_NAME = "utente.password", "Paolo Verdi"
# Site-wide roles (Plone's own), granted at the site root.
GLOBAL_ROLES = {"redattore": ["Member", "Editor"], "collaboratore": ["Member", "Contributor"],
                "amministratore": ["Member", "Site Administrator"]}


def _member(user_id, fullname, roles=("Member",)):
    with api.env.adopt_roles(["Manager"]):
        api.user.create(username=user_id, email=f"{user_id}@comune.example",
                        password=STAFF_PASSWORD, properties={"fullname": fullname})
        api.user.grant_roles(username=user_id, roles=list(roles))


def build(functional, portal):
    """The world of :mod:`tests.personal_area.world` and every actor's login."""
    world = build_world(functional, portal)
    _member(PASSWORD_USER, PASSWORD_NAME)
    for user_id, roles in GLOBAL_ROLES.items():
        _member(user_id, user_id.title(), roles)
    make_staff("responsabile_mensa", world.mensa, "Responsabile")
    with api.env.adopt_roles(["Manager"]):
        api.portal.set_registry_record("plone.enable_sitemap", True)
        api.portal.set_registry_record("allowed", True, interface=ISiteSyndicationSettings)
        api.portal.set_registry_record("default_enabled", True,
                                       interface=ISiteSyndicationSettings)
    transaction.commit()
    world.mensa_url = f"{world.base}/{world.mensa.getId()}"
    world.casa_url = f"{world.base}/{world.casa.getId()}"
    world.b_app_url = f"{world.mensa_url}/{world.b_app.getId()}"
    world.logins = {
        ANON: None, A: (world.a, None), B: (world.b, None),
        PASSWORD: (PASSWORD_USER, STAFF_PASSWORD),
        EDITOR: ("redattore", STAFF_PASSWORD), CONTRIBUTOR: ("collaboratore", STAFF_PASSWORD),
        ISTRUTTORE_X: ("staff_mensa", STAFF_PASSWORD),
        RESPONSABILE_X: ("responsabile_mensa", STAFF_PASSWORD),
        SITE_ADMIN: ("amministratore", STAFF_PASSWORD),
    }
    # What nobody but A (and staff of CASA) may see, and the same for B.
    world.a_secrets = [*world.secrets, world.app.getId()]
    b_app = world.b_app
    world.b_secrets = [b_app.number, b_app.getId(), world.b, world.b.lower(),
                       "Giulia Bianchi", "Bianchi Giulia"]
    world.password_secrets = [PASSWORD_NAME]
    world.a_secrets += imported_debt(portal, world.a, f"TARI {world.secrets[4]}", "01")
    world.b_secrets += imported_debt(portal, world.b, "Mensa di Giulia Bianchi", "02")
    return world


def imported_debt(portal, cf, description, n):
    """A pagoPA debt of ``cf`` as the import stores it; what only ``cf`` may see."""
    iuv = f"020000000000000{n}"
    owed.save(portal, cf, {
        "iuv": iuv, "iupd": f"00000000201-TARI-{cf}", "nav": f"3{iuv}", "amount": 18700,
        "description": description, "due_date": datetime(2030, 1, 31, 23, 59),
        "status": "VALID", "option_status": "PO_UNPAID", "last_updated": None,
        "company_name": "Comune", "office_name": "Tributi", "debtor_name": "", "paid_at": None})
    transaction.commit()
    return [description, iuv]


def sessions(world):
    """One logged-in ``requests.Session`` per actor."""
    result = {}
    for actor, login in world.logins.items():
        if login is None:
            result[actor] = session()
        else:
            user, password = login
            result[actor] = session(user, password) if password else session(user)
    return result


def user_id(world, actor):
    login = world.logins[actor]
    return login and login[0]


def leaks(text, secrets, url=""):
    """The ``secrets`` found in ``text``; what the caller typed in ``url``
    (a search echoes its query) is not a leak."""
    asked = unquote(url)
    return [s for s in secrets if s and s in text and s not in asked]
