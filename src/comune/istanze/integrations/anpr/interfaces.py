"""The ANPR contract: settings, one client interface, plain data.

A named :class:`IANPRClient` utility talks to ANPR; the registry record
``comune.istanze.anpr.client`` names the one in use ("rest": the e-services
of the ANPR catalogue on PDND, :mod:`.rest`). What crosses the interface is
plain dataclasses (:class:`Subject`, :class:`Residence`): no HTTP, no JSON.
The type's eligibility rules are the behavior :class:`IANPRRules`.
"""

from comune.istanze import _
from dataclasses import dataclass
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from zope import schema
from zope.interface import Attribute
from zope.interface import Interface
from zope.interface import provider


@dataclass(frozen=True)
class Residence:
    street: str = ""  # "Via Roma" (specie + denominazione del toponimo)
    number: str = ""  # numero civico with its letter / esponente
    cap: str = ""
    comune: str = ""  # nomeComune
    istat: str = ""  # codiceIstat of the Comune
    province: str = ""  # siglaProvinciaIstat
    since: str = ""  # dataDecorrenzaResidenza, YYYY-MM-DD

    @property
    def address(self):
        return f"{self.street} {self.number}".strip()


@dataclass(frozen=True)
class Subject:
    """A person as ANPR describes them (generalità, residenza, legame)."""

    fiscal_code: str
    first_name: str = ""
    last_name: str = ""
    sex: str = ""
    birth_date: str = ""  # YYYY-MM-DD
    birth_place: str = ""
    residence: Residence = None
    relation: str = ""  # stato di famiglia: the bond with the intestatario


class IANPRClient(Interface):
    """Queries ANPR about one codice fiscale; every method raises
    :class:`~.errors.ANPRUnavailable`, :class:`~.errors.ANPRNotFound` or
    :class:`~.errors.ANPRRejected` (Italian messages). ``reason`` is the
    motivoRichiesta (the reference of the case the query is for);
    ``timeout`` the seconds the caller can wait."""

    title = Attribute("Italian name of the client")

    def generalities(fiscal_code, reason, timeout=None):
        """C015 accertamento generalità: a :class:`Subject`."""

    def residence(fiscal_code, reason, timeout=None):
        """C020 accertamento residenza: a :class:`Subject` with its residence."""

    def family(fiscal_code, reason, timeout=None):
        """C021 accertamento stato di famiglia: the :class:`Subject` list of
        the family the person belongs to (the person included)."""


class IANPRSettings(Interface):
    client = schema.TextLine(
        title=_("Client ANPR in uso"),
        description=_("Nome del client (es. «rest»); vuoto: ANPR non configurata."),
        default="", required=False,
    )
    base_url = schema.TextLine(
        title=_("Indirizzo base degli e-service ANPR"),
        description=_("Es. https://modipa.anpr.interno.it/govway/rest/in/MinInternoPortaANPR-PDND"),
        default="", required=False,
    )
    audience = schema.TextLine(
        title=_("Audience degli e-service ANPR"),
        description=_("Il destinatario (aud) di voucher e firme ModI, come indicato nella "
                      "scheda dell'e-service su PDND; vuoto: l'indirizzo dell'e-service."),
        default="", required=False,
    )
    purpose_generalita = schema.TextLine(
        title=_("Finalità PDND per C015 accertamento generalità (purposeId)"),
        default="", required=False,
    )
    purpose_residenza = schema.TextLine(
        title=_("Finalità PDND per C020 accertamento residenza (purposeId)"),
        default="", required=False,
    )
    purpose_famiglia = schema.TextLine(
        title=_("Finalità PDND per C021 accertamento stato di famiglia (purposeId)"),
        default="", required=False,
    )
    timeout = schema.Float(
        title=_("Attesa massima di ANPR mentre il cittadino compila (secondi)"),
        description=_("Oltre questo tempo il cittadino compila a mano e l'istanza resta "
                      "«non verificata»."),
        default=3.0, min=0.5, max=30.0, required=True,
    )
    comune_istat = schema.TextLine(
        title=_("Codice ISTAT del Comune"),
        description=_("Per la regola «residente nel Comune»: confrontato con il comune di "
                      "residenza che ANPR restituisce."),
        default="", required=False,
    )


@provider(IFormFieldProvider)
class IANPRRules(model.Schema):
    """Eligibility rules of an application type checked with ANPR."""

    model.fieldset("anpr", label=_("Verifiche ANPR"),
                   fields=["anpr_require_resident", "anpr_require_family"])
    anpr_require_resident = schema.Bool(
        title=_("Solo per i residenti nel Comune"),
        description=_("Alla creazione della bozza si verifica in ANPR che il richiedente "
                      "risieda nel Comune."),
        required=False, default=False,
    )
    anpr_require_family = schema.Bool(
        title=_("Il familiare deve essere nello stato di famiglia del richiedente"),
        description=_("Il codice fiscale del familiare (beneficiario, o campo del modulo "
                      "segnato «componente del nucleo familiare» come dato ANPR) deve "
                      "risultare nello stato di famiglia del richiedente in ANPR."),
        required=False, default=False,
    )
