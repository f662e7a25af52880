"""Every JSON body of the product is read by ``read_body``: not an object,
not JSON, or nested too deep is the same Italian refusal, never a 500."""

from comune.istanze.restapi.errors import json_depth
from comune.istanze.restapi.errors import MAX_JSON_DEPTH
from comune.istanze.restapi.errors import PayloadError
from comune.istanze.restapi.errors import read_body

import pytest


def nested(depth):
    return b"[" * depth + b"]" * depth


def test_an_object_is_read():
    assert read_body({"BODY": b'{"data": {"isee": 1.5, "x": [[1], {"y": "[[["}]}}'}) == {
        "data": {"isee": 1.5, "x": [[1], {"y": "[[["}]}}
    assert read_body({"BODY": b""}) == {}


@pytest.mark.parametrize("body", [
    nested(100_000),  # Python's parser: RecursionError
    b'{"a": ' + nested(MAX_JSON_DEPTH) + b"}",  # parsed, but deeper than allowed
    b"[1, 2]", b'"x"', b"{", b"\xff\xfe",
])
def test_bad_bodies_are_refused(body):
    with pytest.raises(PayloadError) as refused:
        read_body({"BODY": body})
    assert refused.value.message == "Il corpo della richiesta deve essere un oggetto JSON."


def test_depth_counts_lists_and_objects_without_recursion():
    assert json_depth({}) == 1 and json_depth({"a": [1, {"b": []}]}) == 4
    deep = []
    for _n in range(50_000):
        deep = [deep]
    assert json_depth(deep) == 50_001


def test_only_bodies_python_cannot_parse_are_defused():
    from comune.istanze.restapi.nesting import too_deep

    assert too_deep(nested(100_000))
    assert not too_deep(nested(MAX_JSON_DEPTH + 5))  # parsed: read_body refuses it itself
    assert not too_deep(b'{"x": "' + b"[" * 100_000 + b'"}')  # brackets inside a string
    assert too_deep(b"[" * 100_000)  # even unterminated: the parser recurses first
    assert not too_deep(b"{" + b"x" * 100)  # not JSON: its readers refuse it
