"""The workflow definition format: canonical form, XSD, Italian errors with lines."""

from comune.istanze.workflow import definition
from lxml import etree
from tests.type_workflow.helpers import with_sopralluogo
from tests.type_workflow.helpers import without_integration
from zope.i18n import translate

import pytest


def _error(xml):
    with pytest.raises(definition.DefinitionError) as exc:
        definition.parse(xml)
    return translate(exc.value.message, target_language="it"), exc.value.line


def test_default_is_canonical_and_valid_against_the_xsd():
    xml = definition.default_xml()
    assert definition.canonical(xml) == xml
    schema = etree.XMLSchema(etree.parse(str(definition.XSD_PATH)))
    assert schema.validate(etree.fromstring(xml.encode()))
    kinds = definition.parse(xml).kinds()
    assert kinds["start_review"] == "office" and kinds["send_integration"] == "reply_integration"


def test_custom_definitions_round_trip():
    for xml in (with_sopralluogo(), without_integration()):
        defn = definition.parse(xml)
        assert definition.serialise(definition.parse(definition.serialise(defn))) == \
            definition.serialise(defn)
    defn = definition.parse(with_sopralluogo())
    assert defn.state("sopralluogo").shown_to_citizen == "In verifica sul posto"
    assert defn.state("submitted").shown_to_citizen == "Presentata"  # no rename: staff title
    assert [t.id for t in defn.exits("sopralluogo")] == ["chiudi_sopralluogo",
                                                         "concludi_positivo"]


def test_the_xsd_rejects_what_python_rejects():
    schema = etree.XMLSchema(etree.parse(str(definition.XSD_PATH)))
    bad = definition.default_xml().replace('kind="office"', 'kind="magia"', 1)
    assert not schema.validate(etree.fromstring(bad.encode()))
    assert "magia" in str(schema.error_log.last_error.message)


@pytest.mark.parametrize("change, expected, line", [
    (("kind=\"office\"", "kind=\"magia\""), "Riga 12: il tipo «magia» della transizione non esiste", 12),
    (("<state id=\"draft\" title=\"Bozza\"/>", "<state id=\"Draft!\" title=\"Bozza\"/>"),
     "Riga 2: l'identificativo «Draft!» di uno stato non è valido", 2),
    (("to=\"in_review\"/>", "to=\"nowhere\"/>"), "Riga 12: la transizione «start_review» usa lo "
     "stato «nowhere», che non è definito", 12),
    (("title=\"Accogli\" from=\"in_review\" to=\"accepted\"",
      "title=\"Accogli\" from=\"in_review\" to=\"rejected\""),
     "Riga 16: una transizione di tipo «accept» deve portare allo stato «accepted»", 16),
    (("from=\"submitted\" to=\"in_review\"/>",
      "from=\"submitted\" to=\"in_review\" roles=\"Sindaco\"/>"),
     "Riga 12: il ruolo «Sindaco» non esiste", 12),
    (("<transition id=\"withdraw\" kind=\"withdraw\" title=\"Ritira\"",
      "<transition id=\"withdraw\" kind=\"withdraw\" title=\"Ritira\" roles=\"Istruttore\""),
     "Riga 11: le transizioni del richiedente non hanno ruoli configurabili", 11),
    (("<state id=\"closed\" title=\"Archiviata\"/>", "<state id=\"closed\" title=\"Archiviata\"/>"
      "<state id=\"closed\" title=\"Di nuovo\"/>"), "Riga 9: lo stato «closed» è definito due volte", 9),
    (("<workflow ", "<flusso "), "il documento non è XML ben formato", None),
    (("<state id=\"submitted\" title=\"Presentata\"/>", ""), "Manca lo stato obbligatorio «submitted»", None),
])
def test_italian_errors_with_line_numbers(change, expected, line):
    message, where = _error(definition.default_xml().replace(*change))
    assert expected in message, message
    if line:
        assert where == line


def test_structural_errors():
    assert "Manca una transizione di tipo «accept»" in _error(
        definition.default_xml().replace(
            '<transition id="accept" kind="accept" title="Accogli" from="in_review" to="accepted"/>',
            ""))[0]
    half = definition.default_xml().replace(
        '<transition id="send_integration" kind="reply_integration" title="Invia integrazione" '
        'from="integration_requested" to="in_review"/>', "")
    assert "La richiesta di integrazione vuole insieme" in _error(half)[0]
    stuck = with_sopralluogo().replace(
        '<transition id="chiudi_sopralluogo" kind="office" title="Sopralluogo concluso" '
        'from="sopralluogo" to="in_review"/>', "").replace('from="in_review sopralluogo"',
                                                           'from="in_review"')
    assert "dallo stato «sopralluogo» non si esce" in _error(stuck)[0]
    assert _error("")[0] == "La definizione del flusso è vuota."
    assert "spazio dei nomi" in _error("<workflow/>")[0]
