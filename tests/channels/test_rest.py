"""The office's choice of channels over plone.restapi: read, change, refused when wrong."""

from comune.istanze.channels.interfaces import IMessageChannels
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from tests.fixtures import make_type

import requests
import transaction


def test_types_channels_over_rest(functional, functional_portal):
    casa = make_type(functional_portal, code="CASA", title="Contributo affitto")
    transaction.commit()
    url = casa.absolute_url()
    web = requests.Session()
    web.auth = (SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
    web.headers.update({"Accept": "application/json", "Accept-Language": "it"})
    read = web.get(url, timeout=60).json()
    # this site has no email sender: the channel says so
    assert read["channels_decision"] == [
        {"title": "Email (non configurato: non sarà usato)", "token": "email"}]
    changed = web.patch(url, json={"channels_decision": ["email", "appio"],
                                   "channels_payment_notice": ["appio"]}, timeout=60)
    assert changed.status_code == 204, changed.text
    transaction.begin()
    assert IMessageChannels(casa).channels_decision == ["email", "appio"]
    assert IMessageChannels(casa).channels_payment_notice == ["appio"]
    wrong = web.patch(url, json={"channels_decision": ["fax"]}, timeout=60)
    assert wrong.status_code == 400
    assert "Vincolo non soddisfatto" in wrong.text and "channels_decision" in wrong.text
    transaction.begin()
    assert IMessageChannels(casa).channels_decision == ["email", "appio"]  # nothing stored
