"""The pages every Comune's site links from its footer (demo texts):
privacy, accessibility statement (AgID model headings), legal notes.

Texts are the demo's: a Comune replaces them with its own (the ids are the
ones the Bootstrap Italia footer links, ``theme.viewlets.LEGAL_PAGES``)."""

from plone import api
from plone.app.textfield.value import RichTextValue


DEMO = ("<p><strong>Sito dimostrativo:</strong> il «Comune di Esempio» non esiste; "
        "questo testo mostra dove il Comune pubblica il proprio.</p>")

ACCESSIBILITY = DEMO + """
<p>Il Comune di Esempio si impegna a rendere il proprio sito web accessibile, conformemente
al decreto legislativo 10 agosto 2004, n. 4 e alle Linee guida sull'accessibilità degli
strumenti informatici emanate dall'AgID.</p>
<p>La presente dichiarazione di accessibilità si applica al sito dei servizi online del Comune.</p>
<h2>Stato di conformità</h2>
<p>Questo sito è <strong>parzialmente conforme</strong> ai requisiti previsti dall'allegato A
alla norma UNI CEI EN 301549, in ragione dei casi di non conformità elencati di seguito.</p>
<h2>Contenuti non accessibili</h2>
<h3>Inosservanza della legge 4/2004</h3>
<p>Le pagine dei servizi (scheda del servizio, passaggi della compilazione, riepilogo,
ricevuta, area personale, pagine del personale e della redazione) sono verificate a ogni
versione con axe-core (WCAG 2.1 livelli A e AA) a 1280 e a 375 pixel di larghezza. Le altre
pagine della piattaforma (ricerca, pannelli di configurazione) non sono ancora state
verificate con lo stesso metodo.</p>
<h3>Onere sproporzionato</h3>
<p>Nessuno.</p>
<h3>Contenuti non disciplinati dalla legge</h3>
<p>Documenti allegati dai cittadini alle istanze (non prodotti dal Comune).</p>
<h2>Redazione della dichiarazione di accessibilità</h2>
<p>La dichiarazione è stata redatta con un'autovalutazione effettuata direttamente dal
soggetto erogatore, con verifiche automatiche (axe-core) e prove di navigazione da tastiera.</p>
<h2>Meccanismo di feedback e informazioni di contatto</h2>
<p>Per segnalare casi di mancata conformità o chiedere informazioni e contenuti esclusi
dall'ambito di applicazione scrivere a
<a href="mailto:accessibilita@comune.example">accessibilita@comune.example</a>.
Il Comune risponde entro 30 giorni.</p>
<h2>Modalità di invio delle segnalazioni all'AgID</h2>
<p>In caso di risposta insoddisfacente o di mancata risposta alla segnalazione, si può
inviare una segnalazione ad AgID tramite il
<a href="https://form.agid.gov.it/">modulo online dell'Agenzia per l'Italia Digitale</a>.</p>
<h2>Informazioni sul sito</h2>
<p>Piattaforma: Plone 6 con il prodotto comune.istanze e il tema Bootstrap Italia
(Designers Italia).</p>
"""

PRIVACY = DEMO + """
<h2>Titolare del trattamento</h2>
<p>Comune di Esempio, con sede nel palazzo comunale.</p>
<h2>Responsabile della protezione dei dati</h2>
<p>Contatto: <a href="mailto:rpd@comune.example">rpd@comune.example</a>.</p>
<h2>Finalità e base giuridica</h2>
<p>I dati delle istanze sono trattati per istruirle, ai sensi dell'art. 6, par. 1, lett. e)
del Regolamento (UE) 2016/679; ogni servizio pubblica la propria informativa nel riepilogo
dell'istanza.</p>
<h2>Diritti dell'interessato</h2>
<p>Accesso, rettifica, limitazione e opposizione (artt. 15-22 del Regolamento); reclamo al
Garante per la protezione dei dati personali.</p>
"""

LEGAL = DEMO + """
<h2>Diritto d'autore</h2>
<p>I contenuti del sito sono pubblicati con licenza Creative Commons Attribuzione 4.0,
salvo diversa indicazione.</p>
<h2>Utilizzo del sito</h2>
<p>Il Comune non risponde di eventuali interruzioni del servizio dovute a cause esterne.</p>
<h2>Collegamenti a siti esterni</h2>
<p>I collegamenti a siti esterni sono forniti come servizio agli utenti.</p>
"""

PAGES = (
    ("privacy", "Informativa privacy", PRIVACY),
    ("dichiarazione-di-accessibilita", "Dichiarazione di accessibilità", ACCESSIBILITY),
    ("note-legali", "Note legali", LEGAL),
)


def create_legal_pages(portal):
    """The three Documents at the site root, published; existing ones are kept."""
    with api.env.adopt_roles(["Manager"]):
        for page_id, title, html in PAGES:
            if page_id in portal.objectIds():
                continue
            page = api.content.create(container=portal, type="Document", id=page_id, title=title,
                                      text=RichTextValue(html, "text/html", "text/x-html-safe"))
            api.content.transition(page, to_state="published")
