"""Chained applications (A5)."""

from comune.istanze.ranking import storage
from comune.istanze.workflow import submission
from comune.istanze.workflow.chain import successors
from comune.istanze.workflow.errors import NotAllowed
from plone import api
from tests.fixtures import login
from tests.fixtures import make_type

import pytest


def test_requires_an_accepted_application(portal, office):
    ricevute = make_type(portal, code="RICEV", title="Invio ricevute affitto",
                         chain_type_code="CASA", chain_states=["accepted"], attachments=[])
    mario = office["mario"]
    login(portal, mario.getId())
    with pytest.raises(NotAllowed) as exc:
        submission.create_draft(ricevute)
    assert exc.value.message.mapping["code"] == "CASA"
    first = office["apps"][0]
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(obj=first, transition="start_review")
        api.content.transition(obj=first, transition="accept", comment="Requisiti verificati.")
    login(portal, mario.getId())
    draft = submission.create_draft(ricevute)
    assert draft.predecessor_uid == first.UID()
    assert draft.predecessor_number == first.number
    login(portal, mario.getId())
    assert [b.getId for b in successors(first)] == [draft.getId()]
    from comune.istanze.workflow.chain import chain_links

    assert chain_links(draft)["predecessor"]["number"] == first.number
    assert chain_links(first)["successors"][0]["url"] == draft.absolute_url()
    # Giulia has no accepted CASA application
    login(portal, office["giulia"].getId())
    with pytest.raises(NotAllowed):
        submission.create_draft(ricevute)


def test_appeal_requires_the_published_ranking(portal, office):
    ricorso = make_type(portal, code="RICORSO", title="Ricorso",
                        chain_type_code="CASA", chain_states=["in_ranking"], attachments=[])
    login(portal, office["giulia"].getId())
    with pytest.raises(NotAllowed):
        submission.create_draft(ricorso)
    login(portal, "istruttore")
    storage.save_rules(office["casa"], {"rules": [{"kind": "per_unit", "field": "componenti", "points": 1}]})
    storage.compute(office["casa"])
    storage.publish_provisional(office["casa"])
    login(portal, office["giulia"].getId())
    draft = submission.create_draft(ricorso)
    assert draft.predecessor_number == office["apps"][3].number
