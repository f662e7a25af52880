"""Demo of ANPR: a type whose residence comes from ANPR, for a family member.

"Contributo per l'assistenza domiciliare a un familiare" (ASSFAM): the
applicant's residence fields are marked ``istanze:anpr`` (prefilled from
the sandbox ANPR when the citizen logs in with SPID/CIE), the family
member's codice fiscale is marked ``famiglia.componente``, and the type asks
both rules: resident in the Comune, family member in the applicant's stato
di famiglia. In the sandbox ANPR Mario Rossi lives in the demo Comune with
Giulia Bianchi and their children (``sandbox/anpr/population.py``);
Francesca Esposito lives elsewhere (refused).
"""

from comune.istanze.demo.content import create_type
from plone import api


FORM = """<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:istanze="http://namespaces.comune.istanze/supermodel">
  <schema>
    <fieldset name="residenza" label="Residenza e nascita del richiedente">
      <description>I dati arrivano dall'Anagrafe nazionale (ANPR) quando accedi con SPID o CIE.</description>
      <field name="indirizzo_residenza" type="zope.schema.TextLine" istanze:anpr="residenza.indirizzo">
        <title>Indirizzo di residenza</title>
      </field>
      <field name="cap_residenza" type="zope.schema.TextLine" istanze:anpr="residenza.cap">
        <title>CAP</title>
      </field>
      <field name="comune_residenza" type="zope.schema.TextLine" istanze:anpr="residenza.comune">
        <title>Comune di residenza</title>
      </field>
      <field name="data_nascita" type="zope.schema.Date" istanze:anpr="generalita.dataNascita">
        <title>Data di nascita</title>
        <required>False</required>
      </field>
    </fieldset>
    <fieldset name="familiare" label="Familiare assistito">
      <field name="nome_familiare" type="zope.schema.TextLine">
        <title>Nome e cognome del familiare</title>
      </field>
      <field name="cf_familiare" type="zope.schema.TextLine" istanze:anpr="famiglia.componente"
             istanze:validator="codice_fiscale">
        <title>Codice fiscale del familiare</title>
        <description>Deve far parte del tuo stato di famiglia anagrafico.</description>
      </field>
      <field name="ore_assistenza" type="zope.schema.Int">
        <title>Ore settimanali di assistenza</title>
        <min>1</min>
        <max>168</max>
      </field>
    </fieldset>
  </schema>
</model>
"""

SPEC = dict(id="assistenza-familiare",
            title="Contributo per l'assistenza domiciliare a un familiare",
            code="ASSFAM", office="Ufficio Servizi sociali", classification="7.3",
            form_model=FORM, processing_days=30, attachments=[],
            anpr_require_resident=True, anpr_require_family=True)


def create_demo_anpr(folder):
    with api.env.adopt_roles(["Manager"]):
        return create_type(folder, SPEC)
