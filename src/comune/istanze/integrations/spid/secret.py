"""pas.plugins.authomatic's ``secret``: 384 random bits, one per site.

The plugin's default is ten alphanumeric characters (about 59 bits) drawn
once per *process*, so every site created by the same process shares it.
Our login signs its flow cookie with a key derived from this secret
(:mod:`.flowstate`), so it is replaced at install and by the 1002 upgrade.
"""

from pas.plugins.authomatic.interfaces import IPasPluginsAuthomaticSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import secrets


SECRET_BYTES = 48  # 384 bits; token_urlsafe gives 64 characters
MIN_LENGTH = 43  # 256 bits in URL-safe base64


def secret_record():
    return f"{IPasPluginsAuthomaticSettings.__identifier__}.secret"


def renew_secret():
    """Give this site a new random secret; returns it."""
    value = secrets.token_urlsafe(SECRET_BYTES)
    getUtility(IRegistry)[secret_record()] = value
    return value


def current_secret():
    return getUtility(IRegistry).get(secret_record()) or ""
