"""Yearly figures of the online services, computed from the counters.

Per year, overall and per application type: types that accepted
applications, applications submitted, of which SPID / CIE / CNS, share of
the Comune's incoming protocol registrations, number of ratings and
average rating, payments made online (pagoPA: count and total in euro, in
the year they were paid). Cost: one BTree range read per year, independent of the
number of applications.
"""

from comune.istanze.statistics.counters import AUTH_METHODS
from comune.istanze.statistics.counters import get_store
from comune.istanze.statistics.counters import METRICS
from comune.istanze.integrations.protocol.config import current_adapter
from datetime import date

import logging


logger = logging.getLogger(__name__)


def _average(total, count):
    return round(total / count, 2) if count else None


def _row(values):
    identity = sum(values[m] for m in AUTH_METHODS)
    return {
        "istanze_presentate": values["submitted"],
        "spid": values["spid"],
        "cie": values["cie"],
        "cns": values["cns"],
        "altro": values["other"],
        "spid_cie_cns": identity,
        "valutazioni": values["ratings"],
        "valutazione_media": _average(values["rating_sum"], values["ratings"]),
        "pagamenti_online": values["payments"],
        "importo_pagamenti_online": round(values["payments_cents"] / 100, 2),
    }


def incoming_total(page, year):
    """Officer's figure first; else the protocol adapter, if it offers
    ``incoming_total(year)`` (optional, not part of IProtocolAdapter)."""
    totals = getattr(page, "protocol_totals", None) or {}
    if year in totals:
        return totals[year]
    try:
        adapter = current_adapter()
        value = adapter.incoming_total(year) if hasattr(adapter, "incoming_total") else None
    except Exception:  # an unreachable register must not break a public page
        logger.warning("Totale protocolli in entrata %s non disponibile", year, exc_info=True)
        value = None
    return value if isinstance(value, int) and value > 0 else None


def available_years(page=None):
    """Years with figures, newest first, never later than the current year.

    Counters of an open submission window are created ahead, up to its
    closing year: a year still to come has only zeros and is not listed.
    """
    store = get_store()
    years = set(store.years()) if store is not None else set()
    years.update((getattr(page, "protocol_totals", None) or {}).keys())
    this_year = date.today().year
    return sorted((y for y in years if y <= this_year), reverse=True)


def default_year(years):
    """The latest of ``years`` (newest first) that has applications, else the newest."""
    store = get_store()
    if store is not None:
        for year in years:
            if store.totals(year)["submitted"]:
                return year
    return years[0] if years else date.today().year


def year_figures(year, page=None):
    store = get_store()
    per_code = store.values(year) if store is not None else {}
    titles = store.titles if store is not None else {}
    overall = store.totals(year) if store is not None else dict.fromkeys(METRICS, 0)
    types = [
        {"codice": code, "titolo": titles.get(code) or code, **_row(per_code[code])}
        for code in sorted(per_code, key=lambda c: (-per_code[c]["submitted"], c))
        if per_code[code]["submitted"] or per_code[code]["payments"]
    ]
    protocol = incoming_total(page, year) if page is not None else None
    share = round(overall["submitted"] * 100 / protocol, 2) if protocol else None
    return {
        "anno": year,
        "tipologie_attive": len(types),
        **_row(overall),
        "protocolli_in_entrata": protocol,
        "quota_protocollo_percentuale": share,
        "tipologie": types,
    }


def submitted_per_year(years):
    """``[(year, applications)]``: the history chart reads only the totals row."""
    store = get_store()
    return [(y, store.totals(y)["submitted"] if store is not None else 0) for y in years]


def all_figures(page=None, year=None):
    if year is None:
        years = available_years(page)
    else:
        years = [year] if year <= date.today().year else []  # no figures of a year to come
    return [year_figures(y, page) for y in years]
