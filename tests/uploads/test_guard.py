"""The two checks of the guard, on requests built here."""

from comune.istanze.uploads import guard
from comune.istanze.uploads import limits
from types import SimpleNamespace

import io
import pytest


class Request:
    def __init__(self, method="POST", length=None, body=b""):
        self.environ = {"REQUEST_METHOD": method}
        if length is not None:
            self.environ["CONTENT_LENGTH"] = str(length)
        self.stdin = io.BytesIO(body)

    def get(self, key, default=None):
        return default


def test_over_the_ceiling_the_body_is_dropped_then_refused():
    request = Request(length=limits.CEILING + 1, body=b"--boundary\r\n")
    guard.drop_oversized_body(SimpleNamespace(request=request))
    assert request.environ[guard.MARK] == limits.CEILING + 1
    assert request.environ["CONTENT_LENGTH"] == "0" and request.stdin.read() == b""
    assert request.environ["CONTENT_TYPE"] == "application/octet-stream"
    with pytest.raises(guard.RequestEntityTooLarge) as exc:
        guard.refuse_oversized_body(SimpleNamespace(request=request))
    assert exc.value.limit_mb == limits.CEILING_MB and exc.value.status == 413


def test_the_stream_counts_when_it_is_longer_than_declared():
    request = Request(length=10, body=b"x" * 100)
    assert guard.body_size(request) == 100
    assert request.stdin.tell() == 0


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_requests_without_a_body_are_not_checked(method):
    request = Request(method=method, length=limits.CEILING + 1)
    guard.drop_oversized_body(SimpleNamespace(request=request))
    guard.refuse_oversized_body(SimpleNamespace(request=request))
    assert guard.MARK not in request.environ


def test_site_limit_outside_a_site_is_the_ceiling():
    request = Request(length=limits.CEILING)
    guard.refuse_oversized_body(SimpleNamespace(request=request))  # no site: the ceiling, not over it
