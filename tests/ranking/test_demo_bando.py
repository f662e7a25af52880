"""The demo bando: ranking rules, sample applications, published ranking, chained types."""

from comune.istanze.demo.bando import create_demo_bando
from comune.istanze.demo.bando import SAMPLE_APPLICATIONS
from comune.istanze.ranking.storage import ranking_of
from plone import api


def test_demo_bando(portal, mailhost):
    with api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=portal, type="Folder", id="servizi-online", title="Servizi")
        bando = create_demo_bando(portal, folder)
        again = create_demo_bando(portal, folder)  # idempotent
    assert again.UID() == bando.UID()
    assert len(bando.objectIds()) == SAMPLE_APPLICATIONS
    ranking = ranking_of(bando)
    assert ranking.phase == "provisional"
    assert len(ranking.rows) + len(ranking.excluded) == SAMPLE_APPLICATIONS
    assert ranking.rows and ranking.excluded
    scores = [r[2] for r in ranking.rows]
    assert scores == sorted(scores, reverse=True)
    assert folder["ricorso-bando-affitti"].chain_states == ["in_ranking"]
