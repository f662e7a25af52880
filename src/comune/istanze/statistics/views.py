"""The statistics page, the officer's settings and the Manager's rebuild."""

from comune.istanze import _
from comune.istanze.statistics import counters
from comune.istanze.statistics.charts import bar_chart
from comune.istanze.statistics.charts import fmt_dec
from comune.istanze.statistics.charts import fmt_int
from comune.istanze.statistics.charts import table_rows
from comune.istanze.statistics.content import parse_totals
from comune.istanze.statistics.content import TotalsError
from comune.istanze.statistics.export import licence
from comune.istanze.statistics.figures import available_years
from comune.istanze.statistics.figures import default_year
from comune.istanze.statistics.figures import demo_years
from comune.istanze.statistics.figures import submitted_per_year
from comune.istanze.statistics.figures import year_figures
from datetime import date
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from zope.component import getUtility
from zope.component import queryUtility
from zope.i18n import translate
from zope.i18n.interfaces import INegotiator
from zope.i18n.interfaces import ITranslationDomain


MAX_TYPE_BARS = 20


class StatisticsView(BrowserView):
    fmt_int = staticmethod(fmt_int)
    fmt_dec = staticmethod(fmt_dec)

    def __call__(self):
        self.years = available_years(self.context) or [date.today().year]
        requested = self.request.form.get("year", "")
        self.year = int(requested) if str(requested).isdigit() else default_year(self.years)
        if self.year > date.today().year:  # a year to come has no figures yet
            self.year = default_year(self.years)
        if self.year not in self.years:
            self.years = sorted(set(self.years) | {self.year}, reverse=True)
        self.figures = year_figures(self.year, self.context)
        self.history = submitted_per_year(sorted(self.years))
        self.demo_years = demo_years(self.years)
        return self.index()

    def t(self, msgid, **mapping):
        return translate(_(msgid, mapping=mapping), context=self.request, target_language=self.language)

    @property
    def language(self):
        """The visitor's language, negotiated once for the view's messages."""
        if "_language" not in self.__dict__:
            domain = queryUtility(ITranslationDomain, "comune.istanze")
            self._language = domain and getUtility(INegotiator).getLanguage(
                list(domain.getCatalogsInfo()), self.request)
        return self._language

    def charts(self):
        f = self.figures
        result = [
            bar_chart(self.t("Istanze presentate online per anno"),
                      [(str(y), n) for y, n in self.history]),
            bar_chart(self.t("Istanze ${year} per modalità di accesso", year=self.year),
                      [("SPID", f["spid"]), ("CIE", f["cie"]), ("CNS", f["cns"]),
                       (self.t("Altre credenziali"), f["altro"])]),
            bar_chart(self.t("Istanze ${year} per canale", year=self.year),
                      [(self.t("Online"), f["online"]), (self.t("Sportello"), f["sportello"])]),
        ]
        if f["tipologie"]:
            rows = [(t["titolo"], t["istanze_presentate"]) for t in f["tipologie"][:MAX_TYPE_BARS]]
            title = self.t("Istanze ${year} per tipologia", year=self.year)
            if len(f["tipologie"]) > MAX_TYPE_BARS:
                title = self.t("Istanze ${year}: le ${n} tipologie più usate", year=self.year, n=MAX_TYPE_BARS)
            result.append(bar_chart(title, rows))
        return result

    def type_rows(self):
        """Formatted cells of the per-type table (one Python call per row)."""
        return [
            (t["titolo"], fmt_int(t["istanze_presentate"]), fmt_int(t["spid"]), fmt_int(t["cie"]),
             fmt_int(t["cns"]), fmt_int(t["valutazioni"]), fmt_dec(t["valutazione_media"]))
            for t in self.figures["tipologie"]
        ]

    def type_rows_html(self):
        """The per-type table's ``<tr>`` rows (escaped), one string."""
        return table_rows(self.type_rows())

    def summary(self):
        """The sentence of the F.I.D.O. example, for screen readers and everybody."""
        f = self.figures
        return self.t(
            "Nel ${year} ${types} tipologie di istanza hanno ricevuto ${n} istanze online, "
            "di cui ${identity} con SPID, CIE o CNS.",
            year=self.year, types=fmt_int(f["tipologie_attive"]), n=fmt_int(f["istanze_presentate"]),
            identity=fmt_int(f["spid_cie_cns"]),
        )

    def demo_notice(self):
        """Italian notice naming the years whose figures the demo generated, or None."""
        if not self.demo_years:
            return None
        return self.t(
            "Dati dimostrativi: le cifre degli anni ${years} sono generate automaticamente per "
            "la dimostrazione del sito e non sono dati del Comune.",
            years=", ".join(str(y) for y in self.demo_years),
        )

    def download(self, name):
        return f"{self.context.absolute_url()}/{name}?year={self.year}"

    def licence(self):
        return licence()

    def can_edit(self):
        return api.user.has_permission("Modify portal content", obj=self.context)


class SettingsView(BrowserView):
    """Officer's settings: yearly totals of incoming protocol registrations."""

    EMPTY_ROWS = 3

    def __call__(self):
        self.errors = []
        form = self.request.form
        if self.request.method == "POST" and "form.submitted" in form:
            CheckAuthenticator(self.request)
            years, totals = form.get("anno", []), form.get("totale", [])
            if isinstance(years, str):
                years, totals = [years], [totals]
            try:
                clean = parse_totals(years, totals)
            except TotalsError as exc:
                self.errors = [translate(m, context=self.request) for m in exc.messages]
                self.rows = list(zip(years, totals))
                return self.index()
            self.context.set_protocol_totals(clean)
            api.portal.show_message(translate(_("Impostazioni salvate."), context=self.request), self.request)
            self.request.response.redirect(self.context.absolute_url())
            return ""
        stored = dict(self.context.protocol_totals)
        years = sorted(set(stored) | set(counters.get_store().years() if counters.get_store() else []))
        self.rows = [(str(y), str(stored[y]) if y in stored else "") for y in years]
        return self.index()

    def all_rows(self):
        return list(self.rows) + [("", "")] * self.EMPTY_ROWS


class RebuildView(BrowserView):
    """Managers: recompute every counter from the catalog."""

    def __call__(self):
        self.done = None
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            self.done = counters.rebuild(api.portal.get())
        return self.index()
