"""Vocabularies of the application types."""

from comune.istanze import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


APPLICANT_KINDS = (
    ("self", _("Per sé")),
    ("family", _("Per conto di un familiare")),
    ("association", _("Anche per conto di un'impresa o di un ente (legale rappresentante)")),
    ("professional", _("Anche come professionista incaricato da un cliente (con procura)")),
)

# acr values of the SPID/CIE brokers, lowest first.
LEVELS_OF_ASSURANCE = (
    ("SpidL1", _("SPID livello 1")),
    ("SpidL2", _("SPID livello 2 (o CIE/CNS)")),
    ("SpidL3", _("SPID livello 3 (o CIE)")),
)
LOA_RANK = {token: rank for rank, (token, _t) in enumerate(LEVELS_OF_ASSURANCE, 1)}


def _vocabulary(items):
    return SimpleVocabulary([SimpleTerm(v, v, t) for v, t in items])


@provider(IVocabularyFactory)
def applicant_kinds(context=None):
    return _vocabulary(APPLICANT_KINDS)


@provider(IVocabularyFactory)
def levels_of_assurance(context=None):
    return _vocabulary(LEVELS_OF_ASSURANCE)


def loa_satisfies(actual, required):
    """True when the login level ``actual`` is at least ``required``."""
    return LOA_RANK.get(actual or "", 0) >= LOA_RANK.get(required or "", 99)


CHAIN_STATES = (
    ("submitted", _("Presentata")),
    ("in_review", _("In istruttoria")),
    ("integration_requested", _("Integrazione richiesta")),
    ("accepted", _("Accolta")),
    ("rejected", _("Respinta")),
    ("in_ranking", _("In graduatoria pubblicata")),
)


@provider(IVocabularyFactory)
def chain_states(context=None):
    return _vocabulary(CHAIN_STATES)
