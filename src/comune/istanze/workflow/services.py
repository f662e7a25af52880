"""REST: ``GET <type>/@flusso`` (staff) and ``POST <type>/@flusso`` (editors).

GET answers the current definition (``xml``), its version and the versions
list, the states with their citizen titles and counts, the numbered
transitions with who may fire them, and the SVG. POST ``{"xml": "..."}``
makes the text the type's workflow (a new version when it changed) and
answers like GET; a refused text answers 400 with the Italian message and
its line (``{"error": {"type": "DefinitionError", "message", "field": "xml",
"line"}}``) and stores nothing.
"""

from comune.istanze.restapi.errors import read_body
from comune.istanze.restapi.errors import REFUSALS
from comune.istanze.restapi.errors import refuse
from comune.istanze.workflow import custom
from comune.istanze.workflow.definition import DefinitionError
from comune.istanze.workflow.views import flow_data
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.services import Service
from zope.interface import alsoProvides


def _answer(type_obj, request):
    data = flow_data(type_obj, request)
    data["xml"] = custom.definition_xml(type_obj)
    data["@id"] = type_obj.absolute_url() + "/@flusso"
    return data


class FlowGet(Service):
    def reply(self):
        return _answer(self.context, self.request)


class FlowPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            body = read_body(self.request)
            xml = body.get("xml")
            if not isinstance(xml, str):
                xml = ""
            custom.apply_definition(self.context, xml)
        except DefinitionError as exc:
            answer = refuse(self, exc)
            answer["error"]["line"] = exc.line
            return answer
        except REFUSALS as exc:
            return refuse(self, exc)
        return _answer(self.context, self.request)
