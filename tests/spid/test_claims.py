"""From broker claims to the identity of the login (no Plone needed)."""

from comune.istanze.fakes import fiscal_code
from comune.istanze.integrations.spid import login_url
from comune.istanze.integrations.spid.claims import identity_from_claims
from comune.istanze.integrations.spid.claims import method_of
from comune.istanze.integrations.spid.claims import normalize_fiscal_code
from comune.istanze.integrations.spid.errors import LoginRefused
from comune.istanze.integrations.spid.provider import requested_level

import pytest


CF = fiscal_code("Sara", "Greco", 1991, 4, 2, female=True)
FISCAL = "https://attributes.eid.gov.it/fiscal_number"


def claims(**kw):
    base = {"sub": "abc", "acr": "https://www.spid.gov.it/SpidL2", "amr": ["spid"]}
    base.update(kw)
    return base


def test_fiscal_code_prefix_removed_and_upper_case():
    assert normalize_fiscal_code(f"TINIT-{CF.lower()}") == CF
    assert normalize_fiscal_code(f" tinit-{CF} ") == CF
    assert normalize_fiscal_code("TINIT-RSSMRA80A01Z999A") is None  # bad check digit
    assert normalize_fiscal_code("") is None


def test_method_from_claims():
    assert method_of(["cie"]) == "cie"
    assert method_of("CNS") == "cns"
    assert method_of("urn:example:auth:cie") == "cie"
    assert method_of(None) == "spid"


def test_identity_from_claims():
    info = {"sub": "abc", "given_name": "Sara", "family_name": "Greco",
            "email": "sara@cittadini.example", FISCAL: f"TINIT-{CF}"}
    identity = identity_from_claims(claims(amr=["cie"], acr="https://www.spid.gov.it/SpidL3"), info)
    assert identity == {
        "fiscal_code": CF, "first_name": "Sara", "last_name": "Greco",
        "fullname": "Sara Greco", "email": "sara@cittadini.example",
        "auth_method": "cie", "loa": "SpidL3", "sub": "abc",
    }


@pytest.mark.parametrize(
    "id_claims,info,reason",
    [
        (claims(), {"sub": "other", FISCAL: f"TINIT-{CF}"}, "sub_mismatch"),
        (claims(), {"sub": "abc", FISCAL: "TINIT-NOTACODE"}, "bad_identity"),
        (claims(acr="https://www.spid.gov.it/SpidL9"), {"sub": "abc", FISCAL: CF}, "missing_acr"),
    ],
)
def test_identity_refusals(id_claims, info, reason):
    with pytest.raises(LoginRefused) as exc:
        identity_from_claims(id_claims, info)
    assert exc.value.reason == reason


def test_requested_level_never_below_default():
    assert requested_level("SpidL3", "SpidL2") == "SpidL3"
    assert requested_level("SpidL1", "SpidL2") == "SpidL2"
    assert requested_level("https://www.spid.gov.it/SpidL3", "SpidL1") == "SpidL3"
    assert requested_level("bogus", "SpidL2") == "SpidL2"


def test_login_url_for_the_apply_page():
    url = login_url("http://site/plone", "SpidL3", "http://site/plone/bonus")
    assert url == ("http://site/plone/@@spid-login?acr=SpidL3"
                   "&came_from=http%3A%2F%2Fsite%2Fplone%2Fbonus")
