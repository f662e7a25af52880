"""One XML document for a whole application type (export).

::

    <tipologia xmlns="https://comune-istanze.example/ns/tipologia/1" formato="1">
      <impostazioni>...</impostazioni>   settings, fees, attachments, retention...
      <modulo><model .../></modulo>       the form, plone.supermodel as it is
      <flusso><workflow .../></flusso>    the type's workflow (workflow.custom)
      <graduatoria>{json}</graduatoria>   ranking rules (optional)
      <uffici><ufficio gruppo=".." ruoli=".."/></uffici>  offices (optional)
    </tipologia>

The grammar is ``schema/tipologia-1.xsd`` (served at ``tipologia-1.xsd``).
The bytes are canonical: fields by name, JSON with sorted keys, two-space
indentation, UTF-8, so export -> import -> export gives the same bytes.
"""

from comune.istanze.exchange.settings import write_settings
from comune.istanze.forms.interfaces import NAMESPACE as FORM_NS
from comune.istanze.ranking.storage import ranking_of
from comune.istanze.workflow.custom import definition_xml
from lxml import etree
from plone import api

import copy
import json
import os


NAMESPACE = "https://comune-istanze.example/ns/tipologia/1"
FORMAT = "1"
XSD_PATH = os.path.join(os.path.dirname(__file__), "schema", "tipologia-1.xsd")
OFFICE_ROLES = ("Istruttore", "Responsabile", "Sportello", "Editor", "Reviewer", "Contributor")


def parser():
    """A safe parser: no entities, no network, no DTD."""
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True,
                           load_dtd=False, huge_tree=False)


# The form's namespaces are always declared on <model>, used or not: an
# editor adding an ``istanze:`` or ``form:`` attribute finds them there.
FORM_NAMESPACES = {"form": "http://namespaces.plone.org/supermodel/form",
                   "istanze": FORM_NS}


def _canonical_namespaces(element):
    """``element`` without unused declarations, plus the form's namespaces
    when it is a supermodel ``<model>``."""
    etree.cleanup_namespaces(element)
    if etree.QName(element).localname != "model":
        return element
    nsmap = {**FORM_NAMESPACES, **element.nsmap}
    if nsmap == element.nsmap:
        return element
    new = etree.Element(element.tag, attrib=dict(element.attrib), nsmap=nsmap)
    new.text = element.text
    new.extend(list(element))
    return new


def parse_fragment(text):
    """The root element of ``text`` with canonical namespace declarations."""
    element = etree.fromstring(text.encode("utf-8") if isinstance(text, str) else text,
                               parser())
    return _canonical_namespaces(element)


def fragment_text(element):
    """Text of ``element`` as its own document (canonical namespaces)."""
    element = _canonical_namespaces(copy.deepcopy(element))
    etree.indent(element, space="  ")
    return etree.tostring(element, encoding="unicode") + "\n"


def office_grants(type_obj):
    """((group id, roles), ...) of the groups with local roles on the type."""
    groups = api.portal.get_tool("portal_groups")
    grants = []
    for principal, roles in type_obj.get_local_roles():
        roles = sorted(r for r in roles if r in OFFICE_ROLES)
        if roles and groups.getGroupById(principal) is not None:
            grants.append((principal, roles))
    return sorted(grants)


def ranking_json(type_obj):
    ranking = ranking_of(type_obj)
    if ranking is None or ranking.rules is None:
        return None
    return canonical_json(ranking.rules)


def canonical_json(data):
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False)


def export_type(type_obj):
    """The canonical XML bytes of ``type_obj``."""
    root = etree.Element("{%s}tipologia" % NAMESPACE, nsmap={None: NAMESPACE})
    root.set("formato", FORMAT)
    write_settings(root, type_obj)
    _retag(root)
    form = etree.SubElement(root, "{%s}modulo" % NAMESPACE)
    form.append(parse_fragment(type_obj.form_model))
    etree.SubElement(root, "{%s}flusso" % NAMESPACE).append(
        parse_fragment(definition_xml(type_obj)))
    rules = ranking_json(type_obj)
    if rules is not None:
        etree.SubElement(root, "{%s}graduatoria" % NAMESPACE).text = rules
    grants = office_grants(type_obj)
    if grants:
        offices = etree.SubElement(root, "{%s}uffici" % NAMESPACE)
        for group, roles in grants:
            etree.SubElement(offices, "{%s}ufficio" % NAMESPACE, gruppo=group,
                             ruoli=" ".join(roles))
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8") + b"\n"


def _retag(root):
    """The settings were written without a namespace: put them in ours."""
    for element in root.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = "{%s}%s" % (NAMESPACE, element.tag)


def filename(type_obj):
    return f"tipologia-{(type_obj.code or type_obj.getId()).lower()}.xml"
