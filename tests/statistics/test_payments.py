"""Transparency statistics: payments made online, counted in the year paid."""

from comune.istanze.integrations.pagopa import storage
from comune.istanze.statistics import counters
from comune.istanze.statistics.export import TYPE_FIELDS
from comune.istanze.statistics.export import YEAR_FIELDS
from comune.istanze.statistics.figures import year_figures
from datetime import date
from datetime import datetime
from tests.fixtures import make_citizen
from tests.fixtures import submit_as


def paid(app, amount, when, paid_amount=None):
    payment = storage.add_payment(app, amount, "Diritti", date(2026, 12, 31),
                                  [{"amount": amount, "category": "9/0101108TS/",
                                    "iban": "IT60X0542811101000000123456"}])
    payment.state = storage.PUBLISHED
    storage.mark_paid(app, payment, when, {"amount": paid_amount or amount})
    return payment


def test_yearly_count_and_total(portal, app_type):
    app = submit_as(portal, app_type, make_citizen())
    first = paid(app, 1600, datetime(2026, 3, 1, 10))
    paid(app, 250, datetime(2026, 7, 9, 18), paid_amount=300)  # the receipt's amount counts
    paid(app, 1000, datetime(2025, 12, 31, 23))
    storage.mark_paid(app, first, datetime(2026, 3, 2), {"amount": 1600})  # twice: once
    storage.mark_reported(app, first, "FLUSSO", datetime(2026, 3, 5))  # not a new payment
    f2026, f2025 = year_figures(2026), year_figures(2025)
    assert (f2026["pagamenti_online"], f2026["importo_pagamenti_online"]) == (2, 19.0)
    assert (f2025["pagamenti_online"], f2025["importo_pagamenti_online"]) == (1, 10.0)
    [row] = f2026["tipologie"]
    assert row["codice"] == app_type.code and row["pagamenti_online"] == 2
    assert {"pagamenti_online", "importo_pagamenti_online"} <= {f["name"] for f in YEAR_FIELDS}
    assert {"pagamenti_online", "importo_pagamenti_online"} <= {f["name"] for f in TYPE_FIELDS}


def test_rebuild_from_the_catalog_gives_the_same(portal, app_type):
    app = submit_as(portal, app_type, make_citizen())
    paid(app, 1600, datetime(2026, 3, 1, 10))
    paid(app, 400, datetime(2026, 4, 1, 10))
    store = counters.get_store(portal)
    store.counters[(2026, counters.ALL, "payments")].set(99)  # drifted
    counters.rebuild(portal)
    assert store.totals(2026)["payments"] == 2 and store.totals(2026)["payments_cents"] == 2000
