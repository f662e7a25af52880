"""Submissions over HTTP take their numbers from the process's block
(numbering/sequence.py): one Counter write for a block, none for the next
numbers of the block."""

from comune.istanze.numbering.sequence import APPLICATION_BLOCK
from comune.istanze.numbering.sequence import sequences_for
from tests.restapi.conftest import body
from tests.restapi.conftest import citizen_session  # noqa: F401 (fixture)
from tests.restapi.conftest import mario  # noqa: F401 (fixture)
from tests.restapi.conftest import rest_type  # noqa: F401 (fixture)

import transaction


def submitted(session, type_obj):
    resp = session.post(f"{type_obj.getId()}/@istanze", json=body())
    assert resp.status_code == 201, resp.text
    transaction.begin()
    return resp.json()["number"]


def test_published_submissions_take_their_numbers_from_a_block(
        rest_type, mario, citizen_session):  # noqa: F811
    # the type's first number creates its counters (inline, one at a time)
    assert submitted(mario, rest_type).endswith("-000001")
    seq = sequences_for(rest_type)
    counter = seq.counters[max(seq.counters.keys())]
    assert counter.value == 1 and len(seq.assigned) == 1
    others = [citizen_session("Cittadina", f"Numero{n}", year=1980 + n) for n in range(3)]
    numbers = [submitted(session, rest_type) for session in others]
    assert [n[-6:] for n in numbers] == ["000002", "000003", "000004"]
    assert counter.value == 1 + APPLICATION_BLOCK  # one block reserved for all three
    assert len(seq.assigned) == 1  # nothing written per submission
