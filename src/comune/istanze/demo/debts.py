"""The demo's "foreign" debts: positions the Comune's other systems publish.

TARI, a traffic fine and the school canteen create their debt positions in
the GPD themselves (here: in the sandbox pagoPA, when ``make start`` starts
it with ``--demo-creditor``) and write the debtor's codice fiscale in the
payment option's metadata (``codiceFiscaleDebitore``, the key the shipped
resolver reads). The outbox worker imports them within the hour, and the
demo citizens see them in «I miei debiti con il Comune».

IUPDs and IUVs are fixed (station ``02``, not the product's own): every
start of the sandbox publishes the same positions again.
"""

from comune.istanze.integrations.pagopa import interfaces as i
from comune.istanze.integrations.pagopa.iuv import make_iuv
from comune.istanze.integrations.pagopa.iuv import notice_number
from datetime import date
from datetime import datetime
from datetime import timedelta

import zlib


IBAN = "IT60X0542811101000000123456"
STATION = "02"  # the back-end systems' station: never the product's own code
METADATA_KEY = "codiceFiscaleDebitore"
NAME_KEY = "nomeDebitore"
# (citizen index in demo.content.CITIZENS, system, description, cents, days to due date)
DEBTS = (
    (0, "TARI", "TARI 2026 - rata unica", 18700, 30, "9/0101101IM/"),
    (0, "CDS", "Sanzione codice della strada - verbale 2026/4411", 4200, 10, "9/0301102IM/"),
    (1, "MENSA", "Mensa scolastica - ricarica dicembre", 5500, 20, "9/0101108TS/"),
)


def foreign_iuv(key):
    """A fixed IUV of station 02 for ``key`` (17 digits with check digits)."""
    return make_iuv(STATION, f"{zlib.crc32(key.encode()) % 10**13:013d}")


def foreign_position(creditor, iupd, fiscal_code, name, description, amount, due,
                     category="9/0101108TS/", iuv=None):
    """A position as the Comune's back-end creates it: the debtor in the
    metadata of its payment option (which the GPD list gives back)."""
    iuv = iuv or foreign_iuv(iupd)
    if isinstance(due, date) and not isinstance(due, datetime):
        due = datetime(due.year, due.month, due.day, 23, 59)
    return i.DebtPosition(
        iupd=iupd, fiscal_code=fiscal_code, full_name=name, company_name="Comune di Esempio",
        office_name="Ufficio Tributi", payment_options=[i.PaymentOption(
            iuv=iuv, amount=amount, description=description, due_date=due,
            nav=notice_number(iuv), metadata={METADATA_KEY: fiscal_code, NAME_KEY: name},
            transfers=[i.Transfer("1", amount, description[:140], category, iban=IBAN)])])


def demo_positions(creditor, today=None):
    """The demo citizens' foreign debt positions (DebtPosition dataclasses)."""
    from comune.istanze.demo.content import CITIZENS
    from comune.istanze.fakes import fiscal_code

    today = today or date.today()
    positions = []
    for index, system, description, amount, days, category in DEBTS:
        first, last, year, month, day, female = CITIZENS[index]
        cf = fiscal_code(first, last, year, month, day, female)
        positions.append(foreign_position(
            creditor, f"{creditor}-{system}-{cf}", cf, f"{first} {last}", description, amount,
            today + timedelta(days=days), category))
    return positions
