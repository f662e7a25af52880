"""What each actor must get from each surface: the language of the tables.

A cell is ``(status, reason)``. Refusals need no reason: ``LOGIN`` (302 to
Plone's login form), 400 (refused with a message), 401, 403, 404, 405. Anything
else (200, 204, 302 elsewhere, 503) is a door the issue leaves open on
purpose and says why. ``None``: the surface does not apply to the actor.

``row(default, anon=..., a=..., ...)`` writes one line of a table: the
default of every actor, then the actors that differ (short names below).
"""

from tests.security import actors as ac


LOGIN = "302 al login"
REFUSALS = (LOGIN, 400, 401, 403, 404, 405)
SHORT = {"anon": ac.ANON, "a": ac.A, "b": ac.B, "pw": ac.PASSWORD, "editor": ac.EDITOR,
         "contributor": ac.CONTRIBUTOR, "istr": ac.ISTRUTTORE_X, "resp": ac.RESPONSABILE_X,
         "admin": ac.SITE_ADMIN}

# Why a door is open (the reasons of the tables).
OWN = "the applicant's own application or account"
ADMIN = "Site Administrators manage the site and work every type"
OFFICE = "MENSA's staff work B's application (type MENSA)"
STAFF = "staff pages list only the types where the member works"
MINE = "lists only the caller's own applications, drafts and messages"
PUBLIC = "public page with nothing personal"
SEARCH = "search works but never lists applications"
LOOKUP = "answers, and must list no other person"
PROFILE = "the member's own profile (identity fields read-only)"
DESIGN = "Editors design the forms of types (no applications there)"
EDITOR_SHARES = "Editors share ordinary content: never applications nor office roles"
CMS = "Plone's folder listing of the type: only what the member may see"
NO_BROKER = "no SPID/CIE broker configured in this test: «non disponibile»"
RETRY = "submitting again answers the submission already made (its number): a retry after a lost answer"


def _cell(value):
    if value is None:
        return None
    if isinstance(value, tuple):
        status, reason = value
        assert reason, f"an open door needs a reason: {value}"
        return status, reason
    assert value in REFUSALS, f"{value} is not a refusal: write (status, reason)"
    return value, ""


def row(default, **actors):
    unknown = set(actors) - set(SHORT)
    assert not unknown, f"unknown actors {unknown}"
    return {actor: _cell(actors.get(short, default)) for short, actor in SHORT.items()}


def office(status):
    """MENSA's Istruttore and Responsabile and the Site Administrator."""
    return {"istr": (status, OFFICE), "resp": (status, OFFICE), "admin": (status, ADMIN)}


def office_refuses(status):
    return {"istr": status, "resp": status, "admin": status}


def staff(status):
    return {"istr": (status, STAFF), "resp": (status, STAFF), "admin": (status, ADMIN)}


def tables():
    from tests.security.table_apps import APP
    from tests.security.table_apps import B_APP
    from tests.security.table_site import SITE
    from tests.security.table_site import TYPE

    return {"app": APP, "b_app": B_APP, "type": TYPE, "site": SITE}


# A sub-path of a view (``@@view/<id>``) without a line of its own names
# nothing that view serves: 404 for everybody (see expected()).


def expected(surface, actor, table=None):
    """(status, reason) of ``actor`` on ``surface``; KeyError when the
    table has no line for it (a new view: write its line)."""
    table = table or tables()
    rows = table[surface.where]
    if surface.key not in rows and "/<" in surface.key:
        return (404, "")
    return rows[surface.key][actor]


def refusal(status):
    return status in REFUSALS


def status_of(answer):
    """The answer's status, ``LOGIN`` for a redirect to the login form."""
    location = answer.headers.get("Location", "")
    if answer.status_code in (301, 302, 303) and ("login" in location or "accedi" in location):
        return LOGIN
    return answer.status_code
