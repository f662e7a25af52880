"""A type's minimum level: a citizen at L2 logs in again at L3 and may apply."""

from comune.istanze.identity import current_identity
from comune.istanze.integrations.spid import login_url
from comune.istanze.workflow import submission
from comune.istanze.workflow.errors import LevelTooLow
from plone.app.testing import logout
from sandbox.oidc_broker.identities import CITIZENS
from tests.fixtures import make_type
from tests.spid.flow import adopt
from tests.spid.flow import login
from tests.spid.flow import pick

import pytest
import transaction


CF = CITIZENS[3]["fiscal_code"]


def test_relogin_at_the_level_a_type_requires(spid_site, site_url):
    app_type = make_type(spid_site, code="L3ONLY", title="Servizio L3", min_loa="SpidL3")
    transaction.commit()
    session, _page = login(site_url, CF, "spid", "SpidL2")

    transaction.begin()
    adopt(spid_site, session, CF)
    with pytest.raises(LevelTooLow):
        submission.check_can_apply(app_type, current_identity())
    logout()

    type_url = f"{site_url}/{app_type.getId()}"
    page = session.get(login_url(site_url, "SpidL3", type_url), timeout=30)
    assert 'value="https://www.spid.gov.it/SpidL3"' in page.text
    landed = pick(session, page, CF, "cie", "SpidL3")
    assert landed.status_code == 200 and landed.url == type_url

    transaction.begin()
    adopt(spid_site, session, CF)
    identity = current_identity()
    assert (identity.auth_method, identity.loa) == ("cie", "SpidL3")
    submission.check_can_apply(app_type, identity)  # no LevelTooLow any more
    draft = submission.create_draft(app_type)
    assert draft.applicant_id == CF and draft.applicant_name == "Francesca Esposito"
