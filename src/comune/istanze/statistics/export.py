"""Open data downloads at stable URLs of a statistics page.

- ``<page>/statistiche.csv``: one row per year (totals);
- ``<page>/statistiche-tipologie.csv``: one row per year and type;
- ``<page>/statistiche.json``: both, nested (``anni[].tipologie[]``);
- ``<page>/statistiche.schema.json``: the documented schema (Frictionless
  Table Schema field descriptors) and the licence.

All accept ``?year=YYYY``. CSV: UTF-8, comma separator, dot decimals,
header row; empty cell = not available.
"""

from comune.istanze import _
from comune.istanze.exports.cells import csv_text
from comune.istanze.statistics.figures import all_figures
from datetime import datetime
from plone import api
from Products.Five.browser import BrowserView

import json


def _f(name, type_, description):
    return {"name": name, "type": type_, "description": description}


YEAR_FIELDS = [
    _f("anno", "integer", "Anno solare di presentazione"),
    _f("tipologie_attive", "integer", "Tipologie di istanza che hanno ricevuto almeno un'istanza nell'anno"),
    _f("istanze_presentate", "integer", "Istanze presentate online nell'anno"),
    _f("spid", "integer", "di cui con accesso SPID"),
    _f("cie", "integer", "di cui con accesso CIE"),
    _f("cns", "integer", "di cui con accesso CNS"),
    _f("altro", "integer", "di cui con altre credenziali"),
    _f("spid_cie_cns", "integer", "di cui con SPID, CIE o CNS (somma)"),
    _f("online", "integer", "di cui presentate online dal cittadino"),
    _f("sportello", "integer", "di cui presentate allo sportello da un operatore per il cittadino"),
    _f("protocolli_in_entrata", "integer", "Totale delle registrazioni di protocollo in entrata del Comune nell'anno"),
    _f("quota_protocollo_percentuale", "number", "Istanze presentate / protocolli in entrata × 100, due decimali"),
    _f("valutazioni", "integer", "Valutazioni di gradimento ricevute (istanze presentate nell'anno)"),
    _f("valutazione_media", "number", "Media delle valutazioni, da 1 a 5, due decimali"),
    _f("pagamenti_online", "integer", "Pagamenti pagoPA eseguiti online nell'anno"),
    _f("importo_pagamenti_online", "number", "Totale dei pagamenti pagoPA eseguiti online "
                                             "nell'anno, in euro, due decimali"),
    _f("dati_dimostrativi", "boolean", "true se le cifre dell'anno sono dati dimostrativi generati "
                                       "dal sito di prova, non dati del Comune"),
]
TYPE_FIELDS = [
    _f("anno", "integer", "Anno solare di presentazione"),
    _f("codice", "string", "Codice breve della tipologia di istanza"),
    _f("titolo", "string", "Titolo della tipologia di istanza"),
] + [f for f in YEAR_FIELDS if f["name"] in (
    "istanze_presentate", "spid", "cie", "cns", "altro", "spid_cie_cns", "online", "sportello", "valutazioni", "valutazione_media",
    "pagamenti_online", "importo_pagamenti_online", "dati_dimostrativi")]


def licence():
    get = api.portal.get_registry_record
    return {
        "name": "CC-BY-4.0",
        "title": get("comune.istanze.statistics.licence_name", default="CC BY 4.0"),
        "path": get("comune.istanze.statistics.licence_url",
                    default="https://creativecommons.org/licenses/by/4.0/deed.it"),
    }


class ExportBase(BrowserView):
    def year(self):
        value = self.request.form.get("year", "")
        return int(value) if str(value).isdigit() else None

    def figures(self):
        return all_figures(self.context, self.year())

    def send(self, body, content_type, filename):
        response = self.request.response
        response.setHeader("Content-Type", content_type)
        response.setHeader("Content-Disposition", f'attachment; filename="{filename}"')
        response.setHeader("Access-Control-Allow-Origin", "*")
        return body


def to_csv(rows, fields):
    """Numbers stay numbers; type titles (written by editors) are made safe."""
    names = [f["name"] for f in fields]
    return csv_text(names, ([row.get(n) for n in names] for row in rows))


class YearsCSV(ExportBase):
    def __call__(self):
        body = to_csv(self.figures(), YEAR_FIELDS)
        return self.send(body, "text/csv; charset=utf-8", "statistiche-servizi-online.csv")


class TypesCSV(ExportBase):
    def __call__(self):
        rows = [{"anno": y["anno"], "dati_dimostrativi": y["dati_dimostrativi"], **t}
                for y in self.figures() for t in y["tipologie"]]
        body = to_csv(rows, TYPE_FIELDS)
        return self.send(body, "text/csv; charset=utf-8", "statistiche-servizi-online-tipologie.csv")


def document(page, figures):
    return {
        "titolo": page.Title(),
        "ente": api.portal.get_registry_record("comune.istanze.comune_name", default=""),
        "url": page.absolute_url(),
        "schema": page.absolute_url() + "/statistiche.schema.json",
        "licenza": licence(),
        "generato": datetime.now().isoformat(timespec="seconds"),
        "anni": figures,
    }


class StatisticsJSON(ExportBase):
    def __call__(self):
        body = json.dumps(document(self.context, self.figures()), ensure_ascii=False, indent=1)
        return self.send(body, "application/json; charset=utf-8", "statistiche-servizi-online.json")


class SchemaJSON(ExportBase):
    """Frictionless Data Package descriptor documenting the three resources."""

    def __call__(self):
        base = self.context.absolute_url()
        package = {
            "name": "statistiche-servizi-online",
            "title": self.context.Title(),
            "description": str(_("Statistiche di utilizzo e gradimento dei servizi online: "
                                 "istanze presentate per anno e per tipologia.")),
            "licenses": [licence()],
            "resources": [
                {"name": "anni", "path": base + "/statistiche.csv", "format": "csv",
                 "encoding": "utf-8", "schema": {"fields": YEAR_FIELDS, "primaryKey": ["anno"],
                                                 "missingValues": [""]}},
                {"name": "tipologie", "path": base + "/statistiche-tipologie.csv", "format": "csv",
                 "encoding": "utf-8", "schema": {"fields": TYPE_FIELDS, "primaryKey": ["anno", "codice"],
                                                 "missingValues": [""]}},
                {"name": "json", "path": base + "/statistiche.json", "format": "json",
                 "description": "Oggetto con 'anni': elenco di righe come la risorsa 'anni', "
                                "ciascuna con 'tipologie': righe come la risorsa 'tipologie' (senza 'anno')."},
            ],
        }
        return self.send(json.dumps(package, ensure_ascii=False, indent=1),
                         "application/json; charset=utf-8", "statistiche.schema.json")
