"""The through-the-web form designer (``@@modulo``) and the XML editor.

Each operation goes through the real plone.schemaeditor views registered
for the designer and must end up in the type's ``form_model`` XML and, for
a published type, in a new frozen form version and the FTI.
"""

from AccessControl import Unauthorized
from comune.istanze.content.fti import version_schema
from comune.istanze.interfaces import IComuneIstanzeLayer
from tests.fixtures import login
from plone.app.testing import SITE_OWNER_NAME
from plone.app.z3cform.interfaces import IPloneFormLayer
from plone.supermodel import loadString
from tests.fixtures import make_citizen
from zope.component import getMultiAdapter
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.schema import getFieldNamesInOrder

import pytest


@pytest.fixture
def request_(portal):
    request = portal.REQUEST
    alsoProvides(request, IComuneIstanzeLayer, IPloneFormLayer)
    return request


@pytest.fixture
def designer(portal, request_, app_type):
    return app_type.restrictedTraverse("@@modulo")


def post(request, **form):
    request.form.clear()
    request.form.update(form)
    request.other.pop("ACTUAL_URL", None)
    request.method = "POST"


def view(context, request, name):
    return getMultiAdapter((context, request), name=name)


def schema_of(type_obj):
    return loadString(type_obj.form_model).schema


def test_listing_shows_fields_and_fieldsets(designer, request_):
    html = view(designer, request_, "listing")()
    for text in (
        "Componenti del nucleo",
        "Valore ISEE",
        "Nucleo familiare",
        "Alloggio",
    ):
        assert text in html
    assert "form.buttons.xml" in html and "@@importa-easyform" in html


def test_only_allowed_field_types_can_be_added(designer, request_):
    html = view(designer, request_, "add-field")()
    assert "Password" not in html and "Rich" not in html and "Immagine" not in html
    for label in (
        "Linea di testo",
        "Scelta multipla",
        "Data/Ora",
        "Sì/No",
        "Carica file",
    ):
        assert label in html


def test_add_field_serialises_and_freezes_version(portal, designer, request_, app_type):
    assert app_type.current_form_version == 1
    post(
        request_,
        **{
            "form.widgets.title": "Codice fiscale del coniuge",
            "form.widgets.__name__": "cf_coniuge",
            "form.widgets.factory": ["label_textline_field"],
            "form.widgets.required": ["selected"],
            "form.widgets.fieldset_id": "2",
            "form.buttons.add": "Aggiungi",
        },
    )
    view(designer, request_, "add-field")()
    xml = app_type.form_model
    assert '<field name="cf_coniuge" type="zope.schema.TextLine">' in xml
    assert "<title>Codice fiscale del coniuge</title>" in xml
    schema = schema_of(app_type)
    from plone.supermodel.interfaces import FIELDSETS_KEY

    alloggio = [
        fs for fs in schema.queryTaggedValue(FIELDSETS_KEY) if fs.__name__ == "alloggio"
    ][0]
    assert alloggio.fields[-1] == "cf_coniuge"
    assert app_type.current_form_version == 2
    fti_schema = portal.portal_types[app_type.published_type].lookupSchema()
    assert "cf_coniuge" in fti_schema
    old, _m = version_schema(app_type, 1)
    assert "cf_coniuge" not in old


def test_reserved_name_is_refused(designer, request_, app_type):
    before = app_type.form_model
    post(
        request_,
        **{
            "form.widgets.title": "Numero",
            "form.widgets.__name__": "number",
            "form.widgets.factory": ["label_textline_field"],
            "form.widgets.fieldset_id": "0",
            "form.widgets.required-empty-marker": "1",
            "form.buttons.add": "Aggiungi",
        },
    )
    html = view(designer, request_, "add-field")()
    assert "riservato" in html
    assert app_type.form_model == before and app_type.current_form_version == 1


def test_edit_field_sets_validator(designer, request_, app_type):
    field = designer.publishTraverse(request_, "indirizzo")
    post(
        request_,
        **{
            "form.widgets.title": "Codice fiscale del proprietario",
            "form.widgets.description": "",
            "form.widgets.required": ["selected"],
            "form.widgets.IValidatorSettings.validator": ["codice_fiscale"],
            "form.buttons.save": "Salva",
        },
    )
    view(field, request_, "edit")()
    xml = app_type.form_model
    assert 'istanze:validator="codice_fiscale"' in xml
    assert "<title>Codice fiscale del proprietario</title>" in xml
    assert app_type.current_form_version == 2
    schema, _m = version_schema(app_type, 2)
    from comune.istanze.forms.validators import InvalidValue

    with pytest.raises(InvalidValue):
        schema["indirizzo"].validate("Via Roma 1")


def test_edit_field_refuses_bad_bounds(designer, request_, app_type):
    field = designer.publishTraverse(request_, "componenti")
    post(
        request_,
        **{
            "form.widgets.title": "Componenti del nucleo",
            "form.widgets.required": ["selected"],
            "form.widgets.IValidatorSettings.validator": ["intervallo_numerico"],
            "form.widgets.IValidatorSettings.validator_min": "uno",
            "form.buttons.save": "Salva",
        },
    )
    html = view(field, request_, "edit")()
    assert "Limite non valido" in html
    assert "istanze:validator" not in app_type.form_model


def test_reorder_and_move_and_delete(designer, request_, app_type):
    # move "isee" before "componenti" in its fieldset (position 0, fieldset 1)
    view(designer.publishTraverse(request_, "isee"), request_, "order").move(0, 1)
    assert getFieldNamesInOrder(schema_of(app_type))[:2] == ["isee", "componenti"]
    assert app_type.current_form_version == 2
    # move "canone" to the default fieldset, then delete "indirizzo"
    view(
        app_type.restrictedTraverse("@@modulo").publishTraverse(request_, "canone"),
        request_,
        "changefieldset",
    ).change(0)
    view(
        app_type.restrictedTraverse("@@modulo").publishTraverse(request_, "indirizzo"),
        request_,
        "delete",
    ).delete()
    xml = app_type.form_model
    assert 'name="indirizzo"' not in xml
    assert xml.index('name="canone"') < xml.index("<fieldset")
    assert app_type.current_form_version == 4


def test_add_and_delete_fieldset(designer, request_, app_type):
    post(
        request_,
        **{
            "form.widgets.label": "Dichiarazioni",
            "form.widgets.__name__": "dichiarazioni",
            "form.buttons.add": "Aggiungi",
        },
    )
    view(designer, request_, "add-fieldset")()
    assert '<fieldset name="dichiarazioni" label="Dichiarazioni"' in app_type.form_model
    post(request_, name="dichiarazioni")
    view(app_type.restrictedTraverse("@@modulo"), request_, "delete-fieldset")()
    assert "dichiarazioni" not in app_type.form_model


def test_xml_editor_saves_valid_model(portal, request_, app_type):
    xml = app_type.form_model.replace("Valore ISEE", "ISEE ordinario")
    post(request_, source=xml, **{"form.button.save": "Salva"})
    request_.form["_authenticator"] = view(portal, request_, "authenticator").token()
    html = view(app_type, request_, "modulo-xml")()
    assert "Modulo salvato" in html
    assert app_type.form_model == xml and app_type.current_form_version == 2


@pytest.mark.parametrize(
    "bad,message",
    [
        ("<model><schema>", "non è XML ben formato"),
        (
            '<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema>'
            '<field name="pw" type="zope.schema.Password"><title>P</title></field></schema></model>',
            "tipo non ammesso",
        ),
        (
            '<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema>'
            '<field name="title" type="zope.schema.TextLine"><title>T</title></field></schema></model>',
            "è riservato",
        ),
        (
            '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<model xmlns="http://namespaces.plone.org/supermodel/schema"><schema/></model>',
            "DOCTYPE",
        ),
    ],
)
def test_xml_editor_refuses_bad_model(portal, request_, app_type, bad, message):
    before = app_type.form_model
    post(request_, source=bad, **{"form.button.save": "Salva"})
    request_.form["_authenticator"] = view(portal, request_, "authenticator").token()
    html = view(app_type, request_, "modulo-xml")()
    assert "Il modulo non è stato salvato" in html and message in html
    assert app_type.form_model == before and app_type.current_form_version == 1


def test_only_editors_can_design(portal, app_type):
    citizen = make_citizen()
    login(portal, citizen.getId())
    with pytest.raises(Unauthorized):
        app_type.restrictedTraverse("@@modulo")
    with pytest.raises(Unauthorized):
        app_type.restrictedTraverse("@@modulo-xml")
    with pytest.raises(Unauthorized):
        app_type.restrictedTraverse("@@importa-easyform")
    login(portal.aq_parent, SITE_OWNER_NAME)
    assert app_type.restrictedTraverse("@@modulo") is not None


def test_modulo_tab(portal, app_type):
    actions = portal.portal_actions.listFilteredActionsFor(app_type)["object"]
    assert [a["url"] for a in actions if a["id"] == "modulo"] == [
        app_type.absolute_url() + "/@@modulo"
    ]


def test_type_edit_form_checks_the_form_xml(portal):
    from comune.istanze.content.application_type import IApplicationTypeSchema
    from comune.istanze.content.fti import FormModelError
    from tests.fixtures import FORM_XML

    field = IApplicationTypeSchema["form_model"]
    field.validate(FORM_XML)
    bad = FORM_XML.replace(
        'name="isee" type="zope.schema.Float"',
        'name="isee" type="zope.schema.Password"',
    )
    with pytest.raises(FormModelError) as exc:
        field.validate(bad)
    assert "tipo non ammesso" in exc.value.args[0]


def test_edit_form_offers_only_fitting_validators(designer, request_, app_type):
    import re

    def offered(name):
        html = view(designer.publishTraverse(request_, name), request_, "edit")()
        select = html.split('id="form-widgets-IValidatorSettings-validator"')[1].split(
            "</select>"
        )[0]
        return set(re.findall(r'value="([^"]+)"', select)) - {"--NOVALUE--"}

    assert offered("indirizzo") == {
        "codice_fiscale",
        "partita_iva",
        "iban",
        "email",
        "telefono",
    }
    assert offered("componenti") == {"intervallo_numerico"}


def test_validator_must_fit_the_field_type(portal, request_, app_type):
    from comune.istanze.content.fti import FormModelError
    from comune.istanze.forms.designer import check_model

    bad = app_type.form_model.replace(
        'name="componenti" type="zope.schema.Int"',
        'name="componenti" type="zope.schema.Int" istanze:validator="codice_fiscale"',
    )
    with pytest.raises(FormModelError) as exc:
        check_model(bad)
    message = translate(exc.value.args[0], context=request_)
    assert (
        "Il controllo 'codice_fiscale' non si applica al campo 'componenti'" in message
    )
    # and the edit form does not accept it either
    field = app_type.restrictedTraverse("@@modulo").publishTraverse(request_, "isee")
    post(
        request_,
        **{
            "form.widgets.title": "Valore ISEE",
            "form.widgets.required": ["selected"],
            "form.widgets.IValidatorSettings.validator": ["iban"],
            "form.buttons.save": "Salva",
        },
    )
    view(field, request_, "edit")()  # "iban" is not offered for a number
    assert "istanze:validator" not in app_type.form_model
    assert app_type.current_form_version == 1
