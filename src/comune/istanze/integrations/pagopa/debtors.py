"""Whose is an imported debt position: the pluggable debtor resolver.

The GPD list (``GET /organizations/{cf}/debtpositions``) answers
``PaymentPositionModelBaseResponse`` items, which carry **no debtor data**
(no ``fiscalCode``, no ``fullName``). The Comune's own back-end systems
(TARI, fines, canteen) create those positions, so they know the debtor: the
shipped resolver, ``metadati``, reads the debtor's codice fiscale from the
payment option's ``paymentOptionMetadata`` key/value pairs (allowed by the
spec), under the key named in the registry (default
``codiceFiscaleDebitore``; the name under ``nomeDebitore``).

A Comune whose back-end cannot write metadata plugs its own resolver (e.g.
asking its tributes system by IUPD) from its own package: a named utility
providing :class:`IDebtorResolver` in its ZCML, and its name in the record
``comune.istanze.pagopa_debts.resolver``.
"""

from comune.istanze import _
from dataclasses import dataclass
from plone.registry.interfaces import IRegistry
from zope import schema
from zope.component import getUtility
from zope.component import queryUtility
from zope.interface import implementer
from zope.interface import Interface

import re


PREFIX = "comune.istanze.pagopa_debts"
# codice fiscale of a person (16) or of a body (11 digits): what a debtor can be
DEBTOR_CODE = re.compile(r"^([A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z]"
                         r"[0-9LMNPQRSTUV]{3}[A-Z]|\d{11})$")


@dataclass(frozen=True)
class Debtor:
    fiscal_code: str  # upper case, as the citizen's user id
    name: str = ""


class IDebtorResolver(Interface):
    """Says who owes a debt position read from the GPD list (a named utility)."""

    title = schema.TextLine(title=_("Nome del metodo, per il personale"))

    def resolve(position, option):
        """The :class:`Debtor` of ``option`` of ``position`` (a DebtPosition
        and one of its PaymentOptions, as read from the list), or None when
        unknown (the debt is then not imported)."""


class IDebtsSettings(Interface):
    resolver = schema.TextLine(
        title=_("Come si riconosce il debitore delle posizioni importate"),
        description=_("Nome del resolver in uso (metadati); vuoto: nessuna importazione delle "
                      "posizioni debitorie del Comune."),
        default="metadati",
        required=False,
    )
    metadata_key = schema.TextLine(
        title=_("Chiave dei metadati con il codice fiscale del debitore"),
        description=_("Chiave di paymentOptionMetadata che i gestionali del Comune (TARI, "
                      "sanzioni, mensa) valorizzano quando creano la posizione."),
        default="codiceFiscaleDebitore",
        required=True,
    )
    name_key = schema.TextLine(
        title=_("Chiave dei metadati con il nome del debitore"),
        default="nomeDebitore",
        required=False,
    )
    days_back = schema.Int(
        title=_("Scadenze passate da importare (giorni)"),
        description=_("Le posizioni scadute da più giorni non sono lette."),
        default=365, min=0, required=True,
    )
    days_ahead = schema.Int(
        title=_("Scadenze future da importare (giorni)"),
        default=730, min=1, required=True,
    )


def debts_settings():
    return getUtility(IRegistry).forInterface(IDebtsSettings, prefix=PREFIX, check=False)


def current_resolver():
    """The resolver named in the registry, or None (import off or unknown name)."""
    name = (debts_settings().resolver or "").strip()
    return queryUtility(IDebtorResolver, name=name) if name else None


def clean_code(value):
    """The debtor code in upper case, or None when it is no codice fiscale."""
    code = re.sub(r"\s", "", str(value or "")).upper()
    return code if DEBTOR_CODE.match(code) else None


@implementer(IDebtorResolver)
class MetadataResolver:
    """Named utility ``metadati``: the debtor from ``paymentOptionMetadata``."""

    title = "Metadati della posizione (paymentOptionMetadata)"

    def resolve(self, position, option):
        settings = debts_settings()
        code = clean_code(option.metadata.get(settings.metadata_key or ""))
        if code is None:
            return None
        return Debtor(code, str(option.metadata.get(settings.name_key or "", "")).strip())
