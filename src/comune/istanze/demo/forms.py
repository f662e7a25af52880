"""Form models (plone.supermodel XML) of the demo application types."""

from plone.app.textfield.value import RichTextValue


PRIVACY = RichTextValue(
    "<p>I dati sono trattati dal Comune di Esempio, titolare del trattamento, "
    "per la sola gestione dell'istanza (art. 6, par. 1, lett. e, Reg. UE 2016/679). "
    "Responsabile della protezione dei dati: rpd@comune-esempio.example.</p>",
    "text/html",
    "text/x-html-safe",
)

_HEAD = (
    '<model xmlns="http://namespaces.plone.org/supermodel/schema" '
    'xmlns:form="http://namespaces.plone.org/supermodel/form" '
    'xmlns:istanze="http://namespaces.comune.istanze/supermodel">\n  <schema>\n'
)
_TAIL = "  </schema>\n</model>\n"


def _model(body):
    return _HEAD + body + _TAIL


# The household questions shared by the rent-subsidy forms (demo and bando).
NUCLEO_FIELDS = """      <field name="componenti" type="zope.schema.Int"
             istanze:title-en="Number of household members">
        <title>Numero di componenti del nucleo familiare</title>
        <min>1</min>
        <max>20</max>
      </field>
      <field name="figli_minori" type="zope.schema.Int"
             istanze:title-en="Children under 3">
        <title>Figli di età inferiore a 3 anni</title>
        <required>False</required>
        <min>0</min>
      </field>
      <field name="isee" type="zope.schema.Float" istanze:title-en="ISEE value (euro)"
             istanze:description-en="As on your ISEE certificate (Indicatore della situazione economica equivalente).">
        <title>Valore ISEE (euro)</title>
        <min>0</min>
      </field>
      <field name="invalidita" type="zope.schema.Bool"
             istanze:title-en="A household member has a disability">
        <title>Nel nucleo è presente una persona con invalidità</title>
        <required>False</required>
      </field>
"""

CONTRIBUTO_AFFITTO = _model("""
    <fieldset name="nucleo" label="Nucleo familiare" istanze:label-en="Household">
""" + NUCLEO_FIELDS + """    </fieldset>
    <fieldset name="alloggio" label="Alloggio" istanze:label-en="Home">
      <field name="indirizzo" type="zope.schema.TextLine" istanze:title-en="Address of the home">
        <title>Indirizzo dell'alloggio</title>
      </field>
      <field name="canone_annuo" type="zope.schema.Float" istanze:title-en="Yearly rent (euro)">
        <title>Canone annuo (euro)</title>
        <min>0</min>
      </field>
      <field name="data_contratto" type="zope.schema.Date"
             istanze:title-en="Date the lease was registered">
        <title>Data di registrazione del contratto</title>
      </field>
    </fieldset>
    <fieldset name="pagamento" label="Pagamento" istanze:label-en="Payment">
      <field name="iban" type="zope.schema.TextLine" istanze:title-en="IBAN for the payment">
        <title>IBAN per l'accredito</title>
      </field>
    </fieldset>
""")

MENSA = _model("""
    <fieldset name="alunno" label="Alunno">
      <field name="nome_alunno" type="zope.schema.TextLine">
        <title>Nome e cognome dell'alunno</title>
      </field>
      <field name="scuola" type="zope.schema.Choice">
        <title>Scuola</title>
        <values>
          <element>Scuola primaria "G. Rodari"</element>
          <element>Scuola primaria "M. Montessori"</element>
          <element>Scuola dell'infanzia "Il Girasole"</element>
        </values>
      </field>
      <field name="classe" type="zope.schema.TextLine">
        <title>Classe</title>
      </field>
    </fieldset>
    <fieldset name="dieta" label="Dieta">
      <field name="dieta_speciale" type="zope.schema.Bool">
        <title>Dieta speciale per motivi di salute</title>
        <required>False</required>
      </field>
      <field name="note_dieta" type="zope.schema.Text">
        <title>Indicazioni sulla dieta</title>
        <required>False</required>
      </field>
    </fieldset>
""")

ACCESSO_ATTI = _model("""
    <fieldset name="richiesta" label="Richiesta">
      <field name="documenti" type="zope.schema.Text">
        <title>Documenti richiesti</title>
        <description>Indica gli atti e, se noti, numero e data.</description>
      </field>
      <field name="motivazione" type="zope.schema.Text">
        <title>Interesse diretto, concreto e attuale</title>
      </field>
      <field name="modalita" type="zope.schema.Choice">
        <title>Modalità di accesso</title>
        <values>
          <element>Visione</element>
          <element>Copia semplice</element>
          <element>Copia conforme</element>
        </values>
      </field>
    </fieldset>
""")

SUOLO_PUBBLICO = _model("""
    <fieldset name="occupazione" label="Occupazione">
      <field name="luogo" type="zope.schema.TextLine">
        <title>Via o piazza</title>
      </field>
      <field name="metri_quadri" type="zope.schema.Float">
        <title>Superficie (m²)</title>
        <min>0.5</min>
      </field>
      <field name="dal" type="zope.schema.Date">
        <title>Dal giorno</title>
      </field>
      <field name="al" type="zope.schema.Date">
        <title>Al giorno</title>
      </field>
      <field name="motivo" type="zope.schema.Choice">
        <title>Motivo</title>
        <values>
          <element>Cantiere edile</element>
          <element>Trasloco</element>
          <element>Manifestazione</element>
          <element>Dehors</element>
        </values>
      </field>
    </fieldset>
""")
