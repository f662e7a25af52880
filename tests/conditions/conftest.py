"""A conditional form: an association's name, a «Figli» step when there are
children, a rent question only for private applicants."""

from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.journey.conftest import browser_for
from types import SimpleNamespace

import pytest
import transaction


COND_XML = """<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:istanze="http://namespaces.comune.istanze/supermodel">
  <schema>
    <fieldset name="richiedente_tipo" label="Chi presenta">
      <field name="tipo_richiedente" type="zope.schema.Choice">
        <title>Presenti come</title>
        <values><element>privato</element><element>associazione</element></values>
      </field>
      <field name="nome_associazione" type="zope.schema.TextLine"
             istanze:show-when='tipo_richiedente == "associazione"'>
        <title>Nome dell'associazione</title>
      </field>
      <field name="figli" type="zope.schema.Int">
        <title>Numero di figli</title>
        <min>0</min>
      </field>
    </fieldset>
    <fieldset name="figli_dati" label="Figli" istanze:show-when="figli &gt; 0">
      <field name="nomi_figli" type="zope.schema.TextLine">
        <title>Nomi dei figli</title>
      </field>
    </fieldset>
    <fieldset name="alloggio" label="Alloggio">
      <field name="indirizzo" type="zope.schema.TextLine">
        <title>Indirizzo dell'alloggio</title>
      </field>
      <field name="canone" type="zope.schema.Int"
             istanze:show-when='tipo_richiedente == "privato" and figli &gt;= 0'>
        <title>Canone mensile</title>
      </field>
    </fieldset>
  </schema>
</model>
"""


def make_conditional_type(portal, code="CONDIZ", **kw):
    kw.setdefault("attachments", [])
    return make_type(portal, code=code, title="Contributo condizionato", xml=COND_XML, **kw)


@pytest.fixture
def cond_type(portal):
    return make_conditional_type(portal)


def cond_world(functional, portal):
    """The conditional type and a citizen, committed for HTTP clients."""
    type_obj = make_conditional_type(portal)
    citizen = make_citizen()
    transaction.commit()
    return SimpleNamespace(
        portal=portal, type=type_obj, citizen=citizen.getId(),
        base=f"http://{functional['host']}:{functional['port']}/plone",
        browser=lambda: browser_for(functional["app"], citizen.getId(),
                                    f"http://{functional['host']}:{functional['port']}/"),
    )


@pytest.fixture
def cond(functional, functional_portal):
    return cond_world(functional, functional_portal)
