"""``istanze:show-when`` in the form XML: read, checked, written back."""

from comune.istanze.conditions.supermodel import stored
from comune.istanze.content.fti import FormModelError
from comune.istanze.content.fti import parse_model
from comune.istanze.forms.designer import check_model
from comune.istanze.forms.designer import serialize
from tests.conditions.conftest import COND_XML
from zope.i18n import translate

import pytest


def test_read_into_the_schema(portal):
    schema = parse_model(COND_XML).schema
    assert stored(schema) == {
        "fields": {"nome_associazione": 'tipo_richiedente == "associazione"',
                   "canone": 'tipo_richiedente == "privato" and figli >= 0'},
        "fieldsets": {"figli_dati": "figli > 0"},
    }


def test_round_trip_keeps_the_attribute(portal):
    xml = serialize(parse_model(COND_XML).schema)
    assert "istanze:show-when=\"figli &gt; 0\"" in xml
    assert "istanze:show-when='tipo_richiedente == \"associazione\"'" in xml or \
        'istanze:show-when="tipo_richiedente == &quot;associazione&quot;"' in xml
    again = serialize(parse_model(xml).schema)
    assert again == xml  # parse -> serialise -> parse -> serialise is stable
    assert stored(parse_model(again).schema) == stored(parse_model(COND_XML).schema)


def _broken(old, new):
    assert old in COND_XML
    return COND_XML.replace(old, new)


@pytest.mark.parametrize("old, new, words", [
    ("figli &gt; 0", "figli &gt;", ["gruppo «figli_dati»", "incompleta", "posizione 8"]),
    ("figli &gt; 0", "nomi_figli != ''", ["gruppo «figli_dati»", "«nomi_figli» non viene prima"]),
    ('tipo_richiedente == "associazione"', "tipo_richiedente == associazione",
     ["campo «nome_associazione»", "«associazione» non esiste", "posizione 21", "virgolette"]),
    ('tipo_richiedente == "associazione"', 'figli == 1',
     ["campo «nome_associazione»", "«figli» non viene prima", "posizione 1"]),
    ('tipo_richiedente == "associazione"', 'tipo_richiedente == "associazone"',
     ["«associazone» non è tra le scelte di «tipo_richiedente»"]),
    ('tipo_richiedente == "associazione"', 'tipo_richiedente &gt; "a"',
     ["non è un numero né una data"]),
    ("figli &gt; 0", "figli &gt; 'tanti'", ["«figli» è un numero"]),
    ("figli &gt; 0", "figli &gt; 0 or", ["incompleta"]),
])
def test_bad_conditions_refuse_the_model_in_italian(portal, old, new, words):
    with pytest.raises(FormModelError) as info:
        check_model(_broken(old, new))
    message = translate(info.value.args[0], target_language="it")
    for word in words:
        assert word in message, message


def test_a_field_may_read_an_earlier_field_of_its_own_fieldset(portal):
    model = check_model(COND_XML)
    assert "nome_associazione" in stored(model.schema)["fields"]
