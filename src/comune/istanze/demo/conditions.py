"""Demo of conditional forms: «Iscrizione ai centri estivi comunali».

The association's name is asked only of associations, the «Figli da
iscrivere» step only when there are children to enrol, the support needed
only when a child has a certified disability, the bus stop only with the
bus service (``istanze:show-when``, see :mod:`comune.istanze.conditions`).
"""

from comune.istanze.demo.content import EDITOR
from comune.istanze.demo.content import STAFF
from comune.istanze.demo.forms import _model
from comune.istanze.demo.forms import PRIVACY
from datetime import datetime
from datetime import timedelta
from plone import api


TYPE_ID = "centri-estivi"

CENTRI_ESTIVI = _model("""    <fieldset name="richiedente_tipo" label="Chi presenta">
      <field name="tipo_richiedente" type="zope.schema.Choice">
        <title>Presenti l'iscrizione come</title>
        <values><element>genitore</element><element>associazione</element></values>
      </field>
      <field name="nome_associazione" type="zope.schema.TextLine"
             istanze:show-when='tipo_richiedente == "associazione"'>
        <title>Nome dell'associazione</title>
      </field>
      <field name="figli" type="zope.schema.Int">
        <title>Quanti bambini vuoi iscrivere?</title>
        <min>0</min>
        <max>10</max>
      </field>
    </fieldset>
    <fieldset name="bambini" label="Bambini da iscrivere" istanze:show-when="figli &gt; 0">
      <field name="nomi_bambini" type="zope.schema.Text">
        <title>Nome, cognome ed età di ogni bambino</title>
      </field>
      <field name="disabilita" type="zope.schema.Bool">
        <title>Almeno un bambino ha una disabilità certificata</title>
        <required>False</required>
      </field>
      <field name="sostegno" type="zope.schema.Text" istanze:show-when="disabilita">
        <title>Sostegno necessario</title>
        <description>Indica il supporto educativo o assistenziale richiesto.</description>
      </field>
    </fieldset>
    <fieldset name="turni_servizi" label="Turni e servizi">
      <field name="turno" type="zope.schema.Choice">
        <title>Turno</title>
        <values><element>luglio</element><element>agosto</element></values>
      </field>
      <field name="trasporto" type="zope.schema.Bool">
        <title>Serve il trasporto con lo scuolabus</title>
        <required>False</required>
      </field>
      <field name="fermata" type="zope.schema.TextLine" istanze:show-when="trasporto == true">
        <title>Fermata dello scuolabus</title>
      </field>
    </fieldset>
""")


def create_demo_conditions(portal):
    """The published demo type with a conditional form (kept if present)."""
    folder = portal["servizi-online"]
    if TYPE_ID in folder:
        return folder[TYPE_ID]
    now = datetime.now().replace(second=0, microsecond=0)
    with api.env.adopt_roles(["Manager"]):
        type_obj = api.content.create(
            container=folder, type="ApplicationType", id=TYPE_ID,
            title="Iscrizione ai centri estivi comunali", code="CESTIVI",
            office="Ufficio Scuola", classification="7.2", processing_days=20,
            applicant_kinds=["self", "association"], attachments=[],
            opening=now - timedelta(days=10), closing=now + timedelta(days=120),
            min_loa="SpidL2", retention_years=5, survey_enabled=True,
            office_email="scuola@comune-esempio.example", privacy_notice=PRIVACY,
            form_model=CENTRI_ESTIVI,
        )
        api.content.transition(obj=type_obj, transition="publish")
        for user_id, _name, role in STAFF:
            api.user.grant_roles(username=user_id, obj=type_obj, roles=[role])
        api.user.grant_roles(username=EDITOR[0], obj=type_obj, roles=["Editor"])
    return type_obj
