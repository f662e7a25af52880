"""Who is applying: the identity of the logged-in member.

Citizens log in through SPID/CIE/CNS. Their user id *is* their codice
fiscale (the login's user id factory), their names are kept by the login in
a product-owned store (:mod:`.names`) and the method and level of assurance
travel in the signed ticket of the current login session (:mod:`.session`).
None of these is member data: a citizen cannot change them through
``@users``, personal preferences or any form.

Everyone else (staff, password accounts, basic auth, JWT) is a ``password``
identity: no codice fiscale, no level, names and email from the editable
profile. A password identity satisfies no level of assurance, so it cannot
present applications (every type asks at least SpidL1).
"""

from comune.istanze.identity.names import names_of
from comune.istanze.identity.session import current_request
from comune.istanze.identity.session import PASSWORD
from comune.istanze.identity.session import session_of
from dataclasses import dataclass
from plone import api


IDENTITY_METHODS = ("spid", "cie", "cns")


@dataclass(frozen=True)
class Identity:
    user_id: str
    fiscal_code: str
    first_name: str
    last_name: str
    email: str
    auth_method: str
    loa: str

    @property
    def from_identity_provider(self):
        """True for a login session that came through the SPID/CIE broker."""
        return self.auth_method in IDENTITY_METHODS

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


def _prop(member, name):
    value = member.getProperty(name, "") or ""
    return value.strip() if isinstance(value, str) else value


def identity_of(member, session=PASSWORD):
    """The identity of ``member`` in a session ``(method, level)``.

    Without a session (a staff view of someone else) the member is a
    ``password`` identity, whose names still come from the identity
    provider when the person ever logged in with SPID/CIE.
    """
    user_id = member.getId()
    method, level = session
    names = names_of(user_id)
    if names is None:
        first, _sep, last = (_prop(member, "fullname") or "").partition(" ")
    else:
        first, last = names
    spid = method in IDENTITY_METHODS
    return Identity(
        user_id=user_id,
        fiscal_code=user_id.upper() if spid else "",
        first_name=first,
        last_name=last,
        email=_prop(member, "email"),
        auth_method=method if spid else "password",
        loa=level if spid else "",
    )


def current_identity():
    """Identity of the current user in this login session, or None."""
    if api.user.is_anonymous():
        return None
    member = api.user.get_current()
    return identity_of(member, session_of(current_request(), member.getId()))
