"""1002 -> 1003 (signed attachments): the trust list records.

Registers ``comune.istanze.signatures.trust_list_pem`` and
``trust_list_path`` (empty: no signature can be found valid until the
Comune loads its trust list) without re-importing the other records.
Declared attachments need nothing: a row without ``signature_required``
requires no signature.
"""

from comune.istanze.signatures.interfaces import ISignatureSettings
from comune.istanze.signatures.trust import PREFIX
from plone.registry.interfaces import IRegistry
from zope.component import getUtility


def add_signature_settings(context=None):
    getUtility(IRegistry).registerInterface(ISignatureSettings, prefix=PREFIX)
