"""Run benchmark code inside the comune.istanze integration layer.

The layers of ``comune.istanze.testing`` (plone.app.testing) build a real
Plone site in a DemoStorage: the same site the tests use, without a server.
"""

from contextlib import contextmanager


def _setup(layer, done):
    for base in layer.__bases__:
        _setup(base, done)
    if layer not in done:
        layer.setUp()
        done.append(layer)


@contextmanager
def plone_site():
    """Yield the portal of the integration layer; tear everything down after."""
    from comune.istanze.testing import INTEGRATION_TESTING

    done = []
    _setup(INTEGRATION_TESTING, done)
    for layer in done:
        if hasattr(layer, "testSetUp"):
            layer.testSetUp()
    try:
        yield INTEGRATION_TESTING["portal"], INTEGRATION_TESTING["request"]
    finally:
        for layer in reversed(done):
            if hasattr(layer, "testTearDown"):
                layer.testTearDown()
        for layer in reversed(done):
            layer.tearDown()
