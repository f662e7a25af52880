"""Import of a collective.easyform form into an application type."""

from collective.easyform.api import get_schema
from collective.easyform.api import set_fields
from collective.easyform.fields import Label
from collective.easyform.interfaces import IFieldExtender
from comune.istanze.content.fti import version_schema
from comune.istanze.interfaces import IComuneIstanzeLayer
from io import BytesIO
from plone import api
from plone.app.z3cform.interfaces import IPloneFormLayer
from plone.namedfile.field import NamedBlobFile
from plone.schema.email import Email
from plone.schemaeditor.interfaces import IEditableSchema
from zope import schema
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.schema.interfaces import IBool
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IInt
from zope.schema.interfaces import ISet
from zope.schema.interfaces import IText
from zope.schema.interfaces import ITextLine
from ZPublisher.HTTPRequest import FileUpload

import pytest


def make_easyform(portal):
    """A real EasyForm with every field type of the issue, built with its API."""
    with api.env.adopt_roles(["Manager"]):
        form = api.content.create(
            container=portal, type="EasyForm", title="Iscrizione centro estivo"
        )
    easy = get_schema(form)
    editable = IEditableSchema(easy)
    for name in list(easy.names()):
        editable.removeField(name)
    fields = [
        schema.TextLine(__name__="nome", title="Nome del bambino"),
        schema.Text(__name__="note", title="Note", required=False),
        schema.Choice(__name__="turno", title="Turno", values=["Luglio", "Agosto"]),
        schema.Set(
            __name__="servizi",
            title="Servizi",
            required=False,
            value_type=schema.Choice(values=["Mensa", "Trasporto"]),
        ),
        schema.Date(__name__="nascita", title="Data di nascita"),
        schema.Int(__name__="eta", title="Età", min=3, max=14),
        schema.Bool(__name__="consenso", title="Consenso foto", required=False),
        NamedBlobFile(__name__="certificato", title="Certificato medico"),
        Email(__name__="email_genitore", title="Email del genitore"),
        Label(__name__="avviso", title="Leggere con attenzione"),
        schema.TextLine(
            __name__="codice_interno", title="Codice interno", required=False
        ),
        schema.TextLine(__name__="title", title="Titolo", required=False),
    ]
    for field in fields:
        editable.addField(field)
    IFieldExtender(easy["email_genitore"]).validators = ["isValidEmail"]
    IFieldExtender(easy["codice_interno"]).THidden = True
    IFieldExtender(easy["nome"]).TDefault = "python: member.getProperty('fullname')"
    set_fields(form, easy)
    return form


@pytest.fixture
def request_(portal):
    request = portal.REQUEST
    alsoProvides(request, IComuneIstanzeLayer, IPloneFormLayer)
    return request


def run_import(app_type, request, button="importa", **data):
    request.form.clear()
    request.form.update({f"form.widgets.{k}": v for k, v in data.items()})
    request.form[f"form.buttons.{button}"] = button
    request.form["form.widgets.easyform-empty-marker"] = "1"
    view = getMultiAdapter((app_type, request), name="importa-easyform")
    html = view()
    return view.form_instance, html


def test_import_easyform_object(portal, request_, app_type):
    easyform = make_easyform(portal)
    assert "easyform:validators" in easyform.fields_model  # it really is easyform XML
    form, html = run_import(app_type, request_, easyform=[easyform.UID()])
    assert form.imported, translate(form.status, context=request_)
    xml = app_type.form_model
    assert "easyform:" not in xml
    assert app_type.current_form_version == 2
    new, _m = version_schema(app_type, 2)
    expected = {
        "nome": ITextLine,
        "note": IText,
        "turno": IChoice,
        "servizi": ISet,
        "nascita": IDate,
        "eta": IInt,
        "consenso": IBool,
        "email_genitore": ITextLine,
    }
    for name, iface in expected.items():
        assert iface.providedBy(new[name]), name
    assert type(new["certificato"]).__name__ == "NamedBlobFile"
    assert (new["eta"].min, new["eta"].max) == (3, 14)
    assert [t.value for t in new["turno"].vocabulary] == ["Luglio", "Agosto"]
    assert "avviso" not in new and "codice_interno" not in new and "title" not in new
    assert "campo_title" in new
    assert 'istanze:validator="email"' in xml
    from comune.istanze.forms.validators import InvalidValue

    with pytest.raises(InvalidValue):
        new["email_genitore"].validate("non-una-email")
    # the FTI follows the imported form
    assert "certificato" in portal.portal_types[app_type.published_type].lookupSchema()
    # the report tells the editor what was mapped or dropped
    notes = " | ".join(translate(n, context=request_) for n in form.result.notes)
    assert "Leggere con attenzione" in notes and "etichetta" in notes
    assert "Campo nascosto 'Codice interno' omesso" in notes
    assert "TDefault" in notes
    assert "rinominato in 'campo_title'" in notes
    assert "controllo 'email' applicato" in notes
    assert "Leggere con attenzione" in html and "campo_title" in html


def test_preview_stores_nothing(portal, request_, app_type):
    easyform = make_easyform(portal)
    before = app_type.form_model
    form, html = run_import(
        app_type, request_, button="anteprima", easyform=[easyform.UID()]
    )
    assert form.result is not None and not form.imported
    assert "Esito della conversione" in html
    assert app_type.form_model == before and app_type.current_form_version == 1


def test_import_pasted_and_uploaded_xml(portal, request_, app_type):
    xml = make_easyform(portal).fields_model
    form, _html = run_import(app_type, request_, source=xml)
    assert form.imported and "turno" in app_type.form_model

    class Storage:
        file = BytesIO(xml.replace("Turno", "Turno estivo").encode("utf-8"))
        filename = "fields_model.xml"
        headers = {}
        name = "form.widgets.upload"

    form, _html = run_import(app_type, request_, upload=FileUpload(Storage()))
    assert form.imported, translate(form.status, context=request_)
    assert "Turno estivo" in app_type.form_model


@pytest.mark.parametrize(
    "source,message",
    [
        ("<model><schema><field", "non è XML ben formato"),
        (
            '<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema>'
            '<field name="x" type="collective.easyform.fields.Label"><title>Solo etichetta</title></field>'
            "</schema></model>",
            "non contiene campi importabili",
        ),
    ],
)
def test_invalid_xml_stores_nothing(portal, request_, app_type, source, message):
    before = app_type.form_model
    form, html = run_import(app_type, request_, source=source)
    assert not form.imported
    assert message in translate(form.status, context=request_)
    assert message in html
    assert app_type.form_model == before and app_type.current_form_version == 1


def test_one_source_only(portal, request_, app_type):
    form, _html = run_import(app_type, request_)
    assert "Indica una sola fonte" in translate(form.status, context=request_)
