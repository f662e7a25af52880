"""What ANPR says about an applicant: prefill and eligibility.

:func:`evaluate` asks ANPR only what is needed (C020 residenza for the rule
"resident" or a residence field, C015 generalità for a personal-data field,
C021 stato di famiglia for the family rule), one e-service after the other
within one time budget, and stops at the first unavailability. It returns
an :class:`Evaluation`: the subjects read, the rules' refusals and, when
ANPR did not answer, why. The draft's start (:mod:`.draft`) refuses on a
refusal and goes on "non verificata" on an unavailability; the office's
re-check (:mod:`.status`) records either.
"""

from comune.istanze import _
from comune.istanze.integrations.anpr.config import anpr_settings
from comune.istanze.integrations.anpr.data import DATA
from comune.istanze.integrations.anpr.data import FAMILY_MEMBER
from comune.istanze.integrations.anpr.errors import ANPRError
from comune.istanze.integrations.anpr.errors import ANPRNotFound
from comune.istanze.integrations.anpr.supermodel import marks
from dataclasses import dataclass
from dataclasses import field

import time


@dataclass
class Evaluation:
    subjects: dict = field(default_factory=dict)  # use -> Subject, "family" -> [Subject]
    refusals: list = field(default_factory=list)  # (form field or None, Italian message)
    unavailable: str = ""  # why ANPR could not answer ("" when it did)
    checked: list = field(default_factory=list)  # what was verified, for the record

    @property
    def asked(self):
        return bool(self.subjects or self.refusals or self.unavailable)


def rules_of(type_obj):
    return (bool(getattr(type_obj, "anpr_require_resident", False)),
            bool(getattr(type_obj, "anpr_require_family", False)))


def prefill_uses(schema_iface):
    """E-service uses needed by the ANPR fields of ``schema_iface``."""
    return {DATA[datum][1] for datum in marks(schema_iface).values() if datum in DATA}


def family_fields(schema_iface):
    return [name for name, datum in marks(schema_iface).items() if datum == FAMILY_MEMBER]


def evaluate(client, fiscal_code, resident=False, family_codes=None, prefill=(), reason="",
             timeout=None):
    """Ask ANPR what the rules and the ``prefill`` uses need for ``fiscal_code``.

    ``resident``: check the residence in the Comune; ``family_codes``:
    {form field name: codice fiscale} to find in the applicant's stato di
    famiglia ("beneficiary_id" for the beneficiary chosen at the start).
    """
    uses = set(prefill)
    if resident:
        uses.add("residence")
    family_codes = {k: (v or "").strip().upper() for k, v in (family_codes or {}).items() if v}
    if family_codes:
        uses.add("family")
    result = Evaluation()
    if not uses:
        return result
    if client is None:
        result.unavailable = "ANPR non configurata"
        return result
    settings = anpr_settings()
    budget = float(timeout or settings.timeout)
    deadline = time.monotonic() + budget
    for use in ("residence", "generalities", "family"):
        if use not in uses:
            continue
        left = deadline - time.monotonic()
        if left <= 0.05:
            result.unavailable = f"tempo massimo di {budget:g} s superato"
            break
        try:
            result.subjects[use] = getattr(client, use)(fiscal_code, reason, timeout=left)
        except ANPRNotFound:
            if not (resident or family_codes):
                result.checked.append("codice fiscale non presente in ANPR")
                continue
            result.refusals.append((None, _(
                "Il tuo codice fiscale non risulta nell'Anagrafe nazionale (ANPR): non puoi "
                "presentare questa istanza online. Rivolgiti all'ufficio anagrafe.")))
            return result
        except ANPRError as exc:
            result.unavailable = exc.detail or str(exc)
            break
    _check_resident(result, resident, settings)
    _check_family(result, family_codes)
    return result


def _check_resident(result, resident, settings):
    subject = result.subjects.get("residence")
    if not resident or subject is None:
        return
    wanted = (settings.comune_istat or "").strip()
    if not wanted:
        result.unavailable = result.unavailable or "codice ISTAT del Comune non configurato"
        return
    place = subject.residence
    if place is None or place.istat != wanted:
        result.refusals.append((None, _(
            "Secondo l'Anagrafe nazionale (ANPR) non risiedi in questo Comune: il servizio è "
            "riservato ai residenti. Se hai appena chiesto il cambio di residenza, rivolgiti "
            "all'ufficio che gestisce il servizio.")))
    else:
        result.checked.append(f"residente ({place.comune})")


def _check_family(result, family_codes):
    members = result.subjects.get("family")
    if members is None:
        return
    present = {m.fiscal_code for m in members}
    for name, code in family_codes.items():
        if code in present:
            result.checked.append(f"{code} nello stato di famiglia")
            continue
        result.refusals.append((name, _(
            "Secondo l'Anagrafe nazionale (ANPR) la persona con codice fiscale ${code} non fa "
            "parte del tuo stato di famiglia: puoi presentare l'istanza solo per un componente "
            "della tua famiglia anagrafica.", mapping={"code": code})))
