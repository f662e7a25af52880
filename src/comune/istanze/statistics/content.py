"""Content type "Statistiche servizi online" (StatisticsPage).

The officer places it in "Amministrazione Trasparente > Servizi erogati >
Servizi in rete". It stores only the officer's settings (the yearly totals
of incoming protocol registrations); the figures come from the counters and
are therefore always current.
"""

from Acquisition import aq_base
from BTrees.IIBTree import IIBTree
from comune.istanze import _
from comune.istanze.statistics.interfaces import IStatisticsPage
from plone.dexterity.content import Item
from plone.supermodel import model
from zope.interface import implementer


class IStatisticsPageSchema(model.Schema):
    """No own fields: title and description come from plone.basic."""


@implementer(IStatisticsPage, IStatisticsPageSchema)
class StatisticsPage(Item):
    _protocol_totals = None

    @property
    def protocol_totals(self):
        """year -> incoming protocol registrations entered by the officer."""
        return aq_base(self)._protocol_totals or {}

    def set_protocol_totals(self, totals):
        """Replace all totals (already validated: ``{int year: int > 0}``)."""
        tree = IIBTree()
        tree.update(totals)
        self._protocol_totals = tree


class TotalsError(ValueError):
    def __init__(self, messages):
        super().__init__(messages)
        self.messages = messages


def parse_totals(years, totals):
    """Validate the officer's rows; return ``{year: total}`` or raise TotalsError.

    Rows with both cells empty are ignored; every other problem is reported
    in Italian and nothing is stored.
    """
    result, errors = {}, []
    for raw_year, raw_total in zip(years, totals):
        raw_year, raw_total = (raw_year or "").strip(), (raw_total or "").strip()
        if not raw_year and not raw_total:
            continue
        if not (raw_year.isdigit() and 1990 <= int(raw_year) <= 2100):
            errors.append(_("Anno non valido: «${value}». Scrivi l'anno con quattro cifre, es. 2018.",
                            mapping={"value": raw_year or "—"}))
            continue
        year = int(raw_year)
        if year in result:
            errors.append(_("L'anno ${year} compare più volte.", mapping={"year": year}))
            continue
        clean = raw_total.replace(".", "").replace(" ", "")
        if not clean:
            errors.append(_("Manca il totale dei protocolli in entrata per l'anno ${year}.",
                            mapping={"year": year}))
        elif clean.startswith("-") and clean[1:].isdigit():
            errors.append(_("Il totale dei protocolli in entrata per l'anno ${year} non può essere negativo.",
                            mapping={"year": year}))
        elif not clean.isdigit():
            errors.append(_("Il totale dei protocolli in entrata per l'anno ${year} deve essere un numero intero.",
                            mapping={"year": year}))
        elif int(clean) == 0:
            errors.append(_("Il totale dei protocolli in entrata per l'anno ${year} deve essere maggiore di zero.",
                            mapping={"year": year}))
        else:
            result[year] = int(clean)
    if errors:
        raise TotalsError(errors)
    return result
