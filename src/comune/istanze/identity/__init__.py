"""Who is applying: the identity of the logged-in member.

Citizens log in through SPID/CIE/CNS: the login writes their identity
(codice fiscale, names, email, method and level of assurance) into member
properties, so every capability reads one place. Staff and other members
have no such identity: their data comes from the profile and stays editable.
"""

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
        """True when names and codice fiscale come from SPID/CIE/CNS."""
        return self.auth_method in IDENTITY_METHODS

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()


def _prop(member, name):
    value = member.getProperty(name, "") or ""
    return value.strip() if isinstance(value, str) else value


def identity_of(member):
    first, last = _prop(member, "first_name"), _prop(member, "last_name")
    if not (first or last):
        first, _sep, last = (_prop(member, "fullname") or "").partition(" ")
    return Identity(
        user_id=member.getId(),
        fiscal_code=(_prop(member, "fiscal_code") or "").upper(),
        first_name=first,
        last_name=last,
        email=_prop(member, "email"),
        auth_method=_prop(member, "auth_method") or "password",
        loa=_prop(member, "loa"),
    )


def current_identity():
    """Identity of the current user, or None for anonymous visitors."""
    if api.user.is_anonymous():
        return None
    return identity_of(api.user.get_current())
