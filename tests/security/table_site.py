"""Expected answers on citizen A's type (CASA) and on the site root: the
product's views and services, Plone's search, listings, feeds, users,
vocabularies and sharing (see :mod:`tests.security.cells` for the notation).
Searches and lookups may answer, but the body is checked like every other:
no person but the caller (or whom their role serves) may appear in it.
"""

from tests.security.cells import ADMIN
from tests.security.cells import CMS
from tests.security.cells import DESIGN
from tests.security.cells import EDITOR_SHARES
from tests.security.cells import LOGIN
from tests.security.cells import LOOKUP
from tests.security.cells import MINE
from tests.security.cells import NO_BROKER
from tests.security.cells import office_refuses
from tests.security.cells import OWN
from tests.security.cells import PROFILE
from tests.security.cells import PUBLIC
from tests.security.cells import row
from tests.security.cells import SEARCH
from tests.security.cells import staff

# Plone's CMS views (closed to citizens and office staff, who answer 404):
# Editors and Site Administrators work the site's ordinary content.
def cms(editor=(200, "Editors work the site's ordinary content"), contributor=LOGIN):
    return row(404, anon=LOGIN, contributor=contributor, editor=editor, admin=(200, ADMIN))


# Plone's AJAX view of the Sharing page fails (503) on an empty request:
# Plone's own, not tried for Editors and Site Administrators.
SHARING_AJAX = row(404, anon=LOGIN, contributor=LOGIN, editor=None, admin=None)
CMS_FOLDER = cms(contributor=(200, CMS))
# The same on the type and on the site root.
CMS_VIEWS = {
    "GET @@content_status_history": cms(),
    "POST @@content_status_history": cms(),
    "GET @@contenthistory": row(LOGIN),
    "POST @@contenthistory": row(LOGIN),
    "GET @@folder_contents": CMS_FOLDER,
    "POST @@folder_contents": CMS_FOLDER,
    "GET @@historyview": cms(),
    "POST @@historyview": cms(),
    "POST @@sharing": cms(editor=(200, EDITOR_SHARES)),
    "GET @@updateSharingInfo": SHARING_AJAX,
    # the templates' component helper (theme/components.py): no page
    "GET @@istanze-ui": row(404),
    "POST @@istanze-ui": row(404),
    "POST @@updateSharingInfo": SHARING_AJAX,
}


TYPE = {
    # Front desk: operators (and Site Administrators) only; an empty body is refused.
    "POST @sportello": row(404, anon=401, admin=400),
    "GET @graduatoria": row(404),
    "POST @graduatoria": row(401, admin=(400, ADMIN)),
    "GET @scrivania": row(403, admin=(200, ADMIN)),
    "GET @@comunica": row(403, admin=(200, ADMIN)),
    "POST @@comunica": row(403, admin=(200, ADMIN)),
    "GET @@comunicazione": row(403, admin=404),
    "POST @@comunicazione": row(403, admin=404),
    "GET @@esporta": row(403, admin=(200, ADMIN)),
    "POST @@esporta": row(403, admin=(200, ADMIN)),
    "GET @@graduatoria": row(404),
    "POST @@graduatoria": row(404),
    "GET @@graduatoria-gestione": row(LOGIN, admin=(200, ADMIN)),
    "POST @@graduatoria-gestione": row(LOGIN, admin=(200, ADMIN)),
    "GET @@graduatoria.csv": row(404),
    "POST @@graduatoria.csv": row(404),
    # One XML per type (issue 13 §3): export and versions for who designs the type.
    "GET @@esporta-tipologia": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "POST @@esporta-tipologia": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "GET @@versioni-tipologia": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "POST @@versioni-tipologia": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "GET @tipologia-xml": row(401, editor=(200, DESIGN), admin=(200, ADMIN)),
    "GET @tipologia-versioni": row(401, editor=(200, DESIGN), admin=(200, ADMIN)),
    "GET @@importa-easyform": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "POST @@importa-easyform": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "GET @@le-mie-bozze": row((200, MINE), anon=LOGIN),
    "POST @@le-mie-bozze": row((200, MINE), anon=LOGIN),
    "GET @@modulo": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "POST @@modulo": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "GET @@modulo-xml": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "POST @@modulo-xml": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    # The type's own workflow: graph for its staff, XML editor for designers (issue 13 §2).
    "GET @@flusso": row(LOGIN, admin=(200, ADMIN)),
    "POST @@flusso": row(LOGIN, admin=(200, ADMIN)),
    "GET @@flusso-grafico": row(LOGIN, admin=(200, ADMIN)),
    "POST @@flusso-grafico": row(LOGIN, admin=(200, ADMIN)),
    "GET @@flusso-modifica": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "POST @@flusso-modifica": row(LOGIN, editor=(200, DESIGN), admin=(200, ADMIN)),
    "GET @flusso": row(401, admin=(200, ADMIN)),
    "POST @flusso": row(401, editor=(400, DESIGN), admin=(400, ADMIN)),  # {}: no XML
    "GET @@presenta-istanza": row((200, MINE), anon=LOGIN),
    "POST @@presenta-istanza": row((200, MINE), anon=LOGIN),
    "GET @@registro-accessi": row(LOGIN, admin=(200, ADMIN)),
    "POST @@registro-accessi": row(LOGIN, admin=405),  # the audit log is append-only
    "GET @@registro-accessi.csv": row(LOGIN, admin=(200, ADMIN)),
    "POST @@registro-accessi.csv": row(LOGIN, admin=405),  # the audit log is append-only
    "GET @@scrivania": row(LOGIN, admin=(200, ADMIN)),
    "POST @@scrivania": row(LOGIN, admin=(200, ADMIN)),
    "GET @@view": row((200, PUBLIC)),
    "POST @@view": row((200, PUBLIC)),
    # Issue 13 §4: the type's framable page (what the public page says, minimal chrome).
    "GET @@incorpora": row((200, PUBLIC)),
    "GET @istanze-tipologia": row((200, PUBLIC)),
    "POST @@incorpora": row((200, PUBLIC)),
    **CMS_VIEWS,
    "GET @@sharing": cms(editor=(200, EDITOR_SHARES)),
    # pagoPA payments of the type: its own staff only (MENSA's staff: 404).
    "GET @pagamenti": row(404, admin=(200, ADMIN)),
    "GET @@pagamenti": row(404, admin=(200, ADMIN)),
    "POST @@pagamenti": row(404, admin=(200, ADMIN)),
    "GET @@pagamenti-esporta": row(404, admin=(200, ADMIN)),
    "POST @@pagamenti-esporta": row(404, admin=(200, ADMIN)),
    # Webhooks: receivers (Manage integrations) and deliveries (Decide applications).
    "GET @@sistemi-destinatari": row(LOGIN, admin=(200, ADMIN)),
    "POST @@sistemi-destinatari": row(LOGIN, admin=403),  # no CSRF token
    "GET @@eventi-webhook": row(LOGIN, admin=(200, ADMIN)),
    "POST @@eventi-webhook": row(LOGIN, admin=403),  # no CSRF token
    "GET @webhook-endpoints": row(401, admin=(200, ADMIN)),
    "POST @webhook-endpoints": row(401, admin=(400, ADMIN)),  # {}: every field missing
    "PATCH @webhook-endpoints": row(401, admin=404),  # no endpoint id
    "DELETE @webhook-endpoints": row(401, admin=404),
    "GET @webhook-events": row(401, admin=(200, ADMIN)),
}

# Imported pagoPA debts (issue 11 point 5): only those of the caller's own
# SPID/CIE codice fiscale; another person's IUV is not found.
DEBTS = "the caller's own pagoPA debts (their login's codice fiscale); none without SPID"

AGID_WSDL = "the AgID mittente WSDL (public standard, nothing personal)"
# Who may add application types imports them (an XML or the library): no applications there.
IMPORT = "Editors and Contributors add application types (definitions, nothing personal)"
XSD = "the public grammar of the type XML format"

SITE = {
    # AgID protocol callbacks: only the register with its HTTP Basic credentials
    # (none configured here: every caller is refused).
    "GET @@protocollo-aoo-mittente": row((200, AGID_WSDL)),
    "POST @@protocollo-aoo-mittente": row(401),
    "GET @@importa-tipologia": row(LOGIN, editor=(200, IMPORT), contributor=(200, IMPORT),
                                   admin=(200, ADMIN)),
    "POST @@importa-tipologia": row(LOGIN, editor=(200, IMPORT), contributor=(200, IMPORT),
                                    admin=(200, ADMIN)),
    "GET @@libreria-tipologie": row(LOGIN, editor=(200, IMPORT), contributor=(200, IMPORT),
                                    admin=(200, ADMIN)),
    "POST @@libreria-tipologie": row(LOGIN, editor=(200, IMPORT), contributor=(200, IMPORT),
                                     admin=(200, ADMIN)),
    "POST @tipologia-import": row(401, editor=400, contributor=400, admin=400),  # {}: no XML
    "GET @@tipologia-1.xsd": row((200, XSD)),
    "POST @@tipologia-1.xsd": row((200, XSD)),
    "GET @@workflow.xsd": row((200, XSD)),
    "POST @@workflow.xsd": row((200, XSD)),
    # The operator's «Sportello» page (Site Administrators are operators of every type).
    "GET @@sportello": row(404, anon=LOGIN, admin=(200, ADMIN)),
    "POST @@sportello": row(404, anon=LOGIN, admin=(200, ADMIN)),
    "GET @debiti-pagopa": row((200, DEBTS), anon=401),
    "POST @debiti-pagopa": row(400, anon=401),
    "GET @@debiti-pagopa": row((200, DEBTS), anon=LOGIN),
    "POST @@debiti-pagopa": row((200, DEBTS), anon=LOGIN),
    "GET @@debiti-pagopa-avviso": row(404, anon=LOGIN),
    "POST @@debiti-pagopa-avviso": row(404, anon=LOGIN),
    "GET @@debiti-pagopa-esito": row(404, anon=LOGIN),
    "POST @@debiti-pagopa-esito": row(404, anon=LOGIN),
    "GET @@debiti-pagopa-paga": row(404, anon=LOGIN),
    "POST @@debiti-pagopa-paga": row(404, anon=LOGIN),
    "GET @area-personale": row((200, MINE), anon=401),
    "GET @comunicazioni": row(403, **office_refuses(404)),
    "POST @comunicazioni": row(403, **staff(400)),
    "GET @documenti": row((200, MINE), anon=401),
    "GET @istanze-tipologie": row((200, PUBLIC)),
    "GET @messaggi": row((200, MINE), anon=401),
    "GET @mie-istanze": row((200, MINE), anon=401),
    "GET @outbox": row(401, admin=(200, ADMIN)),
    "POST @outbox": row(401, admin=(400, ADMIN)),
    "GET @service-accounts": row(401, admin=(200, ADMIN)),
    "POST @service-accounts": row(401, admin=(400, ADMIN)),
    "GET @scrivania": row(403, **staff(200)),
    # the staff member's own saved inbox searches
    "GET @scrivania-ricerche": row(403, **staff(200)),
    "POST @scrivania-ricerche": row(403, **staff(400)),
    # the load balancer's health check: counts and ages only
    "GET @health": row((200, PUBLIC)),
    "GET @@health": row((200, PUBLIC)),
    "POST @@health": row((200, PUBLIC)),
    "GET @@accedi": row((200, PUBLIC)),
    "POST @@accedi": row((200, PUBLIC)),
    "GET @@area-personale": row((200, MINE), anon=LOGIN),
    "POST @@area-personale": row((200, MINE), anon=LOGIN),
    "GET @@comunica": row(403, **staff(200)),
    "POST @@comunica": row(403, **staff(200)),
    "GET @@comunicazione": row(403, **office_refuses(404)),
    "POST @@comunicazione": row(403, **office_refuses(404)),
    "GET @@esporta": row(403, **staff(200)),
    "POST @@esporta": row(403, **staff(200)),
    "GET @@outbox-controlpanel": row(LOGIN, admin=(200, ADMIN)),
    # Issue 13 §4: the parent site's script (no data) and who may frame (managers).
    "GET @@incorpora.js": row((200, PUBLIC)),
    "POST @@incorpora.js": row((200, PUBLIC)),
    "GET @@istanze-incorporamento": row(LOGIN, admin=(200, ADMIN)),
    "POST @@istanze-incorporamento": row(LOGIN, admin=(200, ADMIN)),
    # retention report: what would be anonymised (site administrators)
    "GET @@conservazione": row(LOGIN, admin=(200, ADMIN)),
    "POST @@conservazione": row(LOGIN, admin=(200, ADMIN)),
    "GET @conservazione": row(401, admin=(200, ADMIN)),
    "POST @@outbox-controlpanel": row(LOGIN, admin=403),
    "GET @@account-di-servizio": row(LOGIN, admin=(200, ADMIN)),
    "POST @@account-di-servizio": row(LOGIN, admin=403),
    "GET @@ricalcola-statistiche": row(LOGIN),
    "POST @@ricalcola-statistiche": row(LOGIN),
    "GET @@scrivania": row(403, **staff(200)),
    "POST @@scrivania": row(403, **staff(200)),
    "GET @@spid-login": row((503, NO_BROKER)),
    "POST @@spid-login": row((503, NO_BROKER)),
    "GET sitemap.xml.gz": row((200, PUBLIC)),
    "GET sitemap.xml.gz?page=1": row((200, PUBLIC)),
    "GET @@sitemap": row((200, PUBLIC)),
    "GET RSS": row((200, PUBLIC)),
    "GET rss.xml": row((200, PUBLIC)),
    "GET atom.xml": row((200, PUBLIC)),
    "GET search_rss": row((200, PUBLIC)),
    "GET @@search?SearchableText={number}": row((200, SEARCH)),
    "GET @@search?SearchableText={cf}": row((200, SEARCH)),
    "GET @@search?SearchableText=Rossi": row((200, SEARCH)),
    "GET @@search?portal_type={ptype}": row((200, SEARCH)),
    "GET @@updated_search?SearchableText={number}": row(404),
    "GET @@livesearch_reply?q={number}": row(404),
    "GET @@ajax-search?SearchableText={number}": row((200, SEARCH)),
    "GET portal_catalog/searchResults?applicant_id={cf}": row(404),
    "GET @@personal-information": row((200, PROFILE), anon=LOGIN),
    "GET @@sharing": cms(editor=(200, EDITOR_SHARES)),
    "GET @@sharing?search_term=Rossi&form.button.Search=Cerca": cms(editor=(200, EDITOR_SHARES)),
    "GET {type}/RSS": row((200, PUBLIC)),
    "GET {type}/rss.xml": row((200, PUBLIC)),
    "GET {type}/atom.xml": row((200, PUBLIC)),
    "GET {type}/folder_contents": CMS_FOLDER,
    "GET {type}/@@folderListing": row((204, PUBLIC), a=404, admin=404),
    "GET {type}/@@sharing": cms(editor=(200, EDITOR_SHARES)),
    "GET {type}/@@edit": row(LOGIN, editor=(200, DESIGN), admin=(302, ADMIN)),
    "GET @@getVocabulary?name=plone.app.vocabularies.Users&query=Rossi": row((200, LOOKUP)),
    "GET @@getVocabulary?name=plone.app.vocabularies.Principals&query=Rossi": row((200, LOOKUP)),
    "GET {type}/@@getVocabulary?name=plone.app.vocabularies.Users&query=Rossi": row((200, LOOKUP)),
    "GET @search?SearchableText={number}": row((200, SEARCH)),
    "GET @search?applicant_id={cf}&fullobjects=1": row((200, SEARCH)),
    "GET @search?portal_type={ptype}&metadata_fields=_all": row((200, SEARCH)),
    "GET @search?SearchableText=Rossi&metadata_fields=_all": row((200, SEARCH)),
    "GET @navigation": row((200, PUBLIC)),
    "GET @breadcrumbs": row((200, PUBLIC)),
    "GET @users": row(401, admin=(200, ADMIN)),
    "GET @users?query=Rossi": row(401, admin=(200, ADMIN)),
    "GET @users/{cf}": row(401, a=(200, OWN), admin=(200, ADMIN)),
    "GET @sharing?search=Rossi": row(403, editor=(200, EDITOR_SHARES), admin=(200, ADMIN)),
    "GET {type}/@sharing?search=Rossi": row(403, editor=(200, EDITOR_SHARES), admin=(200, ADMIN)),
    # Issue 10, point 1: citizens search no users (others may answer, with nobody in it).
    "GET @vocabularies/plone.app.vocabularies.Users?title=Rossi":
        row((200, LOOKUP), anon=401, a=403, b=403, pw=403, istr=403, resp=403),
    "GET @vocabularies/plone.app.vocabularies.Principals?title=Rossi":
        row((200, LOOKUP), anon=401, a=403, b=403, pw=403, istr=403, resp=403),
    "GET @principals?search=Rossi": row(401),
    # The channels a type may choose (names; "non configurato" marks): public, no person.
    "GET @vocabularies/comune.istanze.Channels": row((200, PUBLIC)),
    # The ANPR data a form field can be filled with (names of data, no person): public.
    "GET @vocabularies/comune.istanze.ANPRData": row((200, PUBLIC)),
    "GET @groups": row(401, admin=(200, ADMIN)),
    "GET @@member-search?searchstring=Rossi": row((200, LOOKUP)),
    # Plone's author page of a citizen: their name from their codice fiscale.
    "GET author/{cf}": row(404, anon=LOGIN, admin=(200, ADMIN)),
    "GET @@author/{cf}": row(404, anon=LOGIN, admin=(200, ADMIN)),
    "GET folder_contents": CMS_FOLDER,
    "GET @querystring": row((200, LOOKUP)),
    "GET {type}/@querystring": row((200, LOOKUP)),
    "GET {type}?fullobjects=1&expand=navigation": row((200, PUBLIC)),
    "GET {type}/@search?metadata_fields=_all": row((200, SEARCH)),
    "POST @querystring-search": row((200, LOOKUP)),
    "GET @users/<self>": row((200, PROFILE), anon=None),
    **CMS_VIEWS,
    "GET @@author": row(404, anon=LOGIN, editor=(200, PROFILE), contributor=(200, PROFILE),
                        admin=(200, ADMIN)),
    "POST @@author": row(404, anon=LOGIN, editor=(200, PROFILE), contributor=(200, PROFILE),
                         admin=(200, ADMIN)),
    # pagoPA payments over the site: only the types where the member works.
    "GET @pagamenti": row(404, **staff(200)),
    "GET @@pagamenti": row(404, **staff(200)),
    "POST @@pagamenti": row(404, **staff(200)),
    "GET @@pagamenti-esporta": row(404, **staff(200)),
    "POST @@pagamenti-esporta": row(404, **staff(200)),
}
