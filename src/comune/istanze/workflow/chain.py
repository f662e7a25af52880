"""Chained applications (A5): a type may require an earlier application.

"Ricorso" requires an application of the bando in the published ranking;
"Invio ricevute affitto" requires an accepted one. The chained application
stores its predecessor's UID and number; the predecessor finds its
successors through the catalog (index ``predecessor_uid``), so linking never
writes the earlier application.
"""

from comune.istanze import _
from comune.istanze.workflow.errors import NotAllowed
from plone import api


def _published_ranking_numbers(code):
    from comune.istanze.ranking.storage import ranking_of

    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog.unrestrictedSearchResults(portal_type="ApplicationType"):
        type_obj = brain._unrestrictedGetObject()
        if type_obj.code == code:
            ranking = ranking_of(type_obj)
            if ranking is not None and ranking.phase != "draft":
                return {row[1] for row in ranking.rows}
    return set()


def find_predecessor(type_obj, user_id, number=None):
    """The brain of the required earlier application, or raise NotAllowed."""
    code = type_obj.chain_type_code
    if not code:
        return None
    states = [s for s in (type_obj.chain_states or []) if s != "in_ranking"]
    query = {"application_type": code, "applicant_id": user_id}
    if states:
        query["review_state"] = states
    catalog = api.portal.get_tool("portal_catalog")
    brains = list(catalog.unrestrictedSearchResults(sort_on="application_submitted",
                                                     sort_order="descending", **query))
    if "in_ranking" in (type_obj.chain_states or []):
        ranked = _published_ranking_numbers(code)
        brains = [b for b in brains if b.application_number in ranked]
    if number:
        brains = [b for b in brains if b.application_number == number]
    if not brains:
        raise NotAllowed(
            _(
                "Per questo servizio serve prima un'istanza «${code}» nello stato richiesto.",
                mapping={"code": code},
            )
        )
    return brains[0]


def successors(app):
    """Brains of the applications chained to ``app`` (that the user may see)."""
    return api.content.find(predecessor_uid=app.UID())


def chain_links(app):
    """{"predecessor": {number, url} or None, "successors": [{number, url}]}."""
    predecessor = None
    if app.predecessor_uid:
        brains = api.content.find(UID=app.predecessor_uid)
        url = brains[0].getURL() if brains else None
        predecessor = {"number": app.predecessor_number, "url": url}
    return {
        "predecessor": predecessor,
        "successors": [{"number": b.application_number or b.application_title, "url": b.getURL()}
                       for b in successors(app)],
    }
