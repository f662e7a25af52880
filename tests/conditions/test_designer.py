"""The editor sets conditions in the form designer; bad ones are refused."""

from comune.istanze.conditions.supermodel import stored
from comune.istanze.content.fti import version_schema
from comune.istanze.interfaces import IComuneIstanzeLayer
from plone.app.z3cform.interfaces import IPloneFormLayer
from Products.statusmessages.interfaces import IStatusMessage
from zope.component import getMultiAdapter
from zope.interface import alsoProvides

import pytest
import transaction


@pytest.fixture
def request_(portal):
    request = portal.REQUEST
    alsoProvides(request, IComuneIstanzeLayer, IPloneFormLayer)
    request.form["_authenticator"] = getMultiAdapter((portal, request), name="authenticator").token()
    return request


def post(request, **form):
    token = request.form.get("_authenticator")
    request.form.clear()
    request.form.update(form, _authenticator=token)
    request.other.pop("ACTUAL_URL", None)
    request.method = "POST"


def edit_field(type_obj, request, name, condition):
    designer = type_obj.restrictedTraverse("@@modulo")
    field = designer.publishTraverse(request, name)
    post(request, **{
        "form.widgets.title": str(designer.schema[name].title),
        "form.widgets.required": ["selected"],
        "form.widgets.IShowWhenSettings.show_when": condition,
        "form.buttons.save": "Salva",
    })
    return getMultiAdapter((field, request), name="edit")()


def test_field_edit_form_saves_a_condition(cond_type, request_):
    html = edit_field(cond_type, request_, "indirizzo", "figli >= 1 or tipo_richiedente == 'privato'")
    assert "Condizione del campo" not in html  # no error: saved
    assert 'istanze:show-when="figli &gt;= 1 or tipo_richiedente == \'privato\'"' in cond_type.form_model
    assert cond_type.current_form_version == 2
    schema, _m = version_schema(cond_type, 2)
    assert stored(schema)["fields"]["indirizzo"] == "figli >= 1 or tipo_richiedente == 'privato'"


def test_field_edit_form_refuses_a_bad_condition(cond_type, request_):
    before = cond_type.form_model
    html = edit_field(cond_type, request_, "figli", "canone > 0")
    assert "Condizione del campo «figli»" in html
    assert "«canone» non viene prima" in html and "posizione 1" in html
    assert cond_type.form_model == before and cond_type.current_form_version == 1


def test_field_edit_form_clears_a_condition(cond_type, request_):
    edit_field(cond_type, request_, "nome_associazione", "")
    assert "nome_associazione" not in stored(version_schema(cond_type, 2)[0])["fields"]
    assert 'tipo_richiedente == &quot;associazione&quot;' not in cond_type.form_model


def groups_view(type_obj, request):
    return getMultiAdapter((type_obj.restrictedTraverse("@@modulo"), request), name="condizioni")


def test_fieldset_conditions_page_saves(cond_type, request_):
    html = groups_view(cond_type, request_)()
    assert "Condizioni dei gruppi di campi" in html and 'value="figli &gt; 0"' in html
    post(request_, **{"condizione-figli_dati": "figli > 1",
                      "condizione-alloggio": 'tipo_richiedente != "associazione"',
                      "condizione-richiedente_tipo": "", "salva": "1"})
    groups_view(cond_type, request_)()
    schema, _m = version_schema(cond_type, cond_type.current_form_version)
    assert stored(schema)["fieldsets"] == {
        "figli_dati": "figli > 1", "alloggio": 'tipo_richiedente != "associazione"'}
    assert request_.response.getHeader("location").endswith("/@@modulo")


def test_fieldset_conditions_page_refuses_and_saves_nothing(cond_type, request_):
    before = cond_type.form_model
    post(request_, **{"condizione-figli_dati": "figli >", "condizione-alloggio": "",
                      "condizione-richiedente_tipo": "", "salva": "1"})
    html = groups_view(cond_type, request_)()
    assert "Condizione del gruppo «figli_dati»: la condizione è incompleta (posizione 8)." in html
    assert 'value="figli &gt;"' in html  # the text entered is kept to be corrected
    assert cond_type.form_model == before


def test_first_group_cannot_depend_on_anything(cond_type, request_):
    post(request_, **{"condizione-richiedente_tipo": "figli > 0", "condizione-figli_dati": "figli > 0",
                      "condizione-alloggio": "", "salva": "1"})
    html = groups_view(cond_type, request_)()
    assert "Condizione del gruppo «richiedente_tipo»" in html and "non viene prima" in html


def test_deleting_a_field_a_condition_reads_saves_nothing(cond_type, request_):
    before = cond_type.form_model
    field = cond_type.restrictedTraverse("@@modulo").publishTraverse(request_, "tipo_richiedente")
    getMultiAdapter((field, request_), name="delete").delete()
    assert cond_type.form_model == before and cond_type.current_form_version == 1
    assert transaction.get().isDoomed()  # whatever else the request did is not committed
    messages = [m.message for m in IStatusMessage(request_).show()]
    assert any("Condizione del campo «nome_associazione»" in m and "«tipo_richiedente» non esiste" in m
               for m in messages), messages
