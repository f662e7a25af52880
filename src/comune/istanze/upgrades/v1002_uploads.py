"""1001 -> 1002 (bounded uploads): the request body limit record.

Registers ``comune.istanze.uploads.max_request_mb`` (0 = automatic) without
re-importing the other registry records.
"""

from comune.istanze.uploads.interfaces import IUploadSettings
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def add_upload_settings(context=None):
    getUtility(IRegistry).registerInterface(IUploadSettings, prefix="comune.istanze.uploads")
