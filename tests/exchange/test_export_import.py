"""Export and import of one type: XSD errors with line numbers, semantic
checks, references reported and mapped, all or nothing, round trip."""

from plone.app.textfield.value import RichTextValue
from comune.istanze.exchange.document import export_type
from comune.istanze.exchange.validation import xsd
from comune.istanze.exchange.importer import import_type
from comune.istanze.exchange.validation import ImportRefused
from comune.istanze.exchange.validation import messages
from comune.istanze.ranking.storage import ranking_of
from lxml import etree
from plone import api
from tests.fixtures import make_type

import pytest


PRIVACY_HTML = "<p>Informativa del Comune di prova.</p>"
RULES = {"rules": [{"kind": "bonus", "field": "componenti", "points": 1, "label": "Nucleo"}],
         "tie_breakers": []}


@pytest.fixture
def source(portal):
    with api.env.adopt_roles(["Manager"]):
        api.group.create(groupname="ufficio-casa", title="Ufficio Casa")
    # a new value each time: a RichTextValue is persistent (never share one across tests)
    privacy = RichTextValue(PRIVACY_HTML, "text/html", "text/x-html-safe")
    t = make_type(portal, privacy_notice=privacy, fee_when="acceptance", fee_amount="12",
                  fee_iban="IT60X0542811101000000123456", fee_category="9/0101108TS/",
                  fee_description="Diritti", chain_type_code="MENSA", chain_states=["accepted"])
    t.manage_addLocalRoles("ufficio-casa", ["Istruttore"])
    ranking_of(t, create=True).rules = RULES
    return t


@pytest.fixture
def target(portal):
    with api.env.adopt_roles(["Manager"]):
        return api.content.create(container=portal, type="Folder", id="altro-comune")


def _refused(data, folder, mapping=None):
    with pytest.raises(ImportRefused) as info:
        import_type(data, folder, mapping)
    assert folder.objectIds() == []  # nothing half-created
    return info.value


def test_export_is_valid_against_the_published_xsd(source):
    xml = export_type(source)
    schema = xsd()
    assert schema.validate(etree.fromstring(xml))
    text = xml.decode()
    for part in ('<campo nome="fee_amount">12</campo>', '<campo nome="classification">7.1</campo>',
                 '<campo nome="retention_years">10</campo>', "<modulo>", "<graduatoria>",
                 '<ufficio gruppo="ufficio-casa" ruoli="Istruttore"/>',
                 '<riga>\n        <valore chiave="max_size_mb">1</valore>'):
        assert part in text


def test_xsd_errors_carry_line_numbers_in_italian(source, target):
    lines = export_type(source).decode().splitlines()
    lines.insert(3, '    <sconosciuto/>')
    refused = _refused("\n".join(lines).encode(), target)
    assert refused.problems[0].line == 4
    assert messages(refused)[0].startswith("Riga 4: l'elemento «sconosciuto» non è previsto qui")
    broken = export_type(source).replace(b'<campo nome="code">', b'<campo>', 1)
    refused = _refused(broken, target)
    assert "manca l'attributo obbligatorio «nome»" in messages(refused)[0]
    refused = _refused(b"<tipologia><non chiuso></tipologia>", target)
    assert "non è un XML ben formato" in messages(refused)[0]


def test_semantic_errors_are_reported_with_lines(source, target):
    xml = export_type(source)
    bad = (xml.replace(b'<campo nome="retention_years">10<', b'<campo nome="retention_years">mille<')
              .replace(b'"field": "componenti"', b'"field": "inesistente"'))
    refused = _refused(bad, target, {"codice-tipologia": "NUOVO", "codice:MENSA": "",
                                     "ufficio:ufficio-casa": ""})
    text = " ".join(messages(refused))
    assert "Impostazione «retention_years» (riga" in text and "mille" in text
    assert "il campo «inesistente» non esiste nel modulo" in text


def test_references_are_reported_then_mapped(source, target):
    xml = export_type(source).replace(b'istanze:validator', b'istanze:x', 0)
    xml = xml.replace(b"<title>Indirizzo dell'alloggio</title>",
                      b"<title>Indirizzo dell'alloggio</title>", 1)
    xml = xml.replace(b'<field name="indirizzo" type="zope.schema.TextLine">',
                      b'<field name="indirizzo" type="zope.schema.TextLine" '
                      b'xmlns:istanze="http://namespaces.comune.istanze/supermodel" '
                      b'istanze:validator="catasto">')
    xml = xml.replace(b"<valore>family</valore>", b"<valore>condominio</valore>")
    xml = xml.replace(b"ufficio-casa", b"ufficio-alloggi")
    refused = _refused(xml, target)
    keys = {r.key for r in refused.references}
    assert keys == {"codice-tipologia", "codice:MENSA", "validatore:catasto",
                    "valore:applicant_kinds:condominio", "ufficio:ufficio-alloggi"}
    office = [r for r in refused.references if r.key.startswith("ufficio:")][0]
    assert ("ufficio-casa", "Ufficio Casa") in office.options
    mapping = {"codice-tipologia": "CASA2", "codice:MENSA": "", "validatore:catasto": "",
               "valore:applicant_kinds:condominio": "association",
               "ufficio:ufficio-alloggi": "ufficio-casa"}
    new = import_type(xml, target, mapping)
    assert new.code == "CASA2" and new.chain_type_code is None and new.chain_states == []
    assert new.applicant_kinds == ["self", "association"]
    assert "catasto" not in new.form_model
    assert new.get_local_roles_for_userid("ufficio-casa") == ("Istruttore",)
    assert api.content.get_state(new) == "private"


def test_round_trip_is_byte_identical(portal, source, target):
    make_type(portal, code="MENSA", title="Mensa")  # the chained type exists here
    xml = export_type(source)
    source.code = "VECCHIO"  # the same site: free the code
    new = import_type(xml, target)
    assert export_type(new) == xml
    assert ranking_of(new).rules == RULES and new.fee_amount == "12"
    assert new.privacy_notice.raw == PRIVACY_HTML


def test_a_failure_while_creating_leaves_nothing(source, target, monkeypatch):
    from comune.istanze.exchange import importer

    xml = export_type(source)
    source.code = "VECCHIO"

    def broken(*args, **kw):
        raise ValueError("guasto simulato")

    monkeypatch.setattr(importer, "ranking_of", broken)
    refused = _refused(xml, target, {"codice:MENSA": ""})
    assert "nulla è stato creato: guasto simulato" in messages(refused)[0]
    assert not api.content.find(portal_type="ApplicationType", path="/plone/altro-comune")


def test_the_workflow_is_checked_with_its_own_grammar_and_rules(source, target):
    xml = export_type(source)
    lines = xml.decode().splitlines()
    number = next(i for i, line in enumerate(lines, 1) if 'kind="office"' in line)
    refused = _refused(xml.replace(b'kind="office"', b'kind="magia"', 1), target)
    assert refused.problems[0].line == number  # the XSD imported from the workflow module
    assert messages(refused)[0].startswith(f"Riga {number}: ")
    unreachable = xml.replace(b'<state id="closed" title="Archiviata"/>',
                              b'<state id="closed" title="Archiviata"/>\n'
                              b'      <state id="isolato" title="Isolato"/>')
    refused = _refused(unreachable, target, {"codice:MENSA": "", "codice-tipologia": "ALTRO"})
    assert any("Flusso di lavoro (dalla riga" in m and "isolato" in m for m in messages(refused))
