"""1001 -> 1002: identity is read-only, the login flow has no pickle.

* pas.plugins.authomatic gets a random secret of its own (384 bits) instead
  of the 10-character default shared by every site of a process.
* Names of citizens move to the product's store (:mod:`comune.istanze.identity.names`),
  read from what pas.plugins.authomatic kept of their real SPID/CIE logins
  (never from member data, which a password account could forge).
* The member properties ``fiscal_code``, ``first_name``, ``last_name``,
  ``auth_method`` and ``loa`` are cleared for every member and removed from
  ``portal_memberdata``; the SPID provider's propertymap no longer writes them.
"""

from comune.istanze.identity.names import record_names
from comune.istanze.integrations.spid.provider import PROVIDER_NAME
from comune.istanze.integrations.spid.secret import renew_secret
from pas.plugins.authomatic.interfaces import IPasPluginsAuthomaticSettings
from plone import api

import json
import logging


logger = logging.getLogger("comune.istanze.upgrades")

OLD_PROPERTIES = ("fiscal_code", "first_name", "last_name", "auth_method", "loa")


def renew_authomatic_secret(context=None):
    renew_secret()
    logger.info("pas.plugins.authomatic: new random secret")


def names_from_logins(context=None, portal=None):
    """Names of every citizen who logged in through our provider."""
    portal = portal or api.portal.get()
    plugin = getattr(portal.acl_users, "authomatic", None)
    count = 0
    for user_id, identities in (getattr(plugin, "_useridentities_by_userid", None) or {}).items():
        identity = identities.identity(PROVIDER_NAME)
        if identity is None:
            continue
        data = identity.get("data") or {}
        first = identity.get("first_name") or data.get("first_name") or ""
        last = identity.get("last_name") or data.get("last_name") or ""
        record_names(user_id, first, last, site=portal)
        count += 1
    logger.info("Nomi da SPID/CIE di %d cittadini", count)
    return count


def drop_identity_properties(context=None, portal=None):
    """Clear and remove the identity member properties; fix the propertymap."""
    portal = portal or api.portal.get()
    provider = getattr(portal.acl_users, "mutable_properties", None)
    cleared = 0
    for user_id in list(getattr(provider, "_storage", {}).keys()):
        props = provider._storage[user_id]
        if any(name in props for name in OLD_PROPERTIES):
            for name in OLD_PROPERTIES:
                props.pop(name, None)
            provider._storage[user_id] = props
            cleared += 1
    memberdata = api.portal.get_tool("portal_memberdata")
    present = [name for name in OLD_PROPERTIES if memberdata.hasProperty(name)]
    if present:
        memberdata.manage_delProperties(present)
    _fix_propertymap()
    logger.info("Proprietà di identità tolte da %d profili", cleared)
    return cleared


def _fix_propertymap():
    record = f"{IPasPluginsAuthomaticSettings.__identifier__}.json_config"
    raw = api.portal.get_registry_record(record, default="") or ""
    if "comune.istanze" not in raw:
        return
    cfg = json.loads(raw)
    mapping = cfg.get(PROVIDER_NAME, {}).get("propertymap", {})
    for name in OLD_PROPERTIES:
        mapping.pop(name, None)
    api.portal.set_registry_record(record, json.dumps(cfg, indent=4))
