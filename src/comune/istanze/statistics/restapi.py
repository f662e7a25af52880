"""``GET <page>/@statistiche?year=``: the same document as statistiche.json."""

from comune.istanze.statistics.export import document
from comune.istanze.statistics.figures import all_figures
from plone.restapi.services import Service


class StatisticsGet(Service):
    def reply(self):
        value = self.request.form.get("year", "")
        year = int(value) if str(value).isdigit() else None
        result = document(self.context, all_figures(self.context, year))
        result["@id"] = self.context.absolute_url() + "/@statistiche"
        return result
