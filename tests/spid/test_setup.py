"""The profile configures pas.plugins.authomatic with our provider."""

from comune.istanze.integrations.spid.provider import SpidCieBroker
from pas.plugins.authomatic.utils import authomatic_cfg
from pas.plugins.authomatic.utils import authomatic_plugin
from pas.plugins.authomatic.utils import authomatic_settings
from plone import api


def test_authomatic_configured_with_broker_provider(portal):
    cfg = authomatic_cfg()
    assert list(cfg) == ["spid"]
    assert cfg["spid"]["class_"] is SpidCieBroker
    # Only the editable profile: identity is not member data.
    assert cfg["spid"]["propertymap"] == {"name": "fullname", "email": "email"}
    assert authomatic_settings().userid_factory_name == "codice-fiscale"
    assert authomatic_plugin() is not None
    # Staff keep Plone's own login form.
    assert not api.portal.get_registry_record("plone.external_login_url")


def test_spid_settings_records(portal):
    assert api.portal.get_registry_record("comune.istanze.spid.broker") == "oidc"
    assert api.portal.get_registry_record("comune.istanze.spid.default_level") == "SpidL2"
    assert api.portal.get_registry_record("comune.istanze.spid.scope") == "openid profile email"
