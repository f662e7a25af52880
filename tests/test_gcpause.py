"""Why tests/gcpause.py pauses the garbage collector while a site is created:
two interfaces with one name share one dependents entry in zope.interface,
and collecting the first one loses the second's subscription."""

from tests.gcpause import paused_gc
from zope.interface import Interface
from zope.interface.interface import InterfaceClass

import gc
import pytest


class IBase(Interface):
    pass


def twins(name):
    first = InterfaceClass(name, (IBase,), __module__="tests.generated")
    second = InterfaceClass(name, (IBase,), __module__="tests.generated")
    assert first == second and first is not second
    return first, second


def test_collecting_the_first_twin_breaks_rebasing_the_second():
    first, second = twins("Gemello")
    del first
    gc.collect()
    with pytest.raises(KeyError):
        second.__bases__ = (Interface,)


def test_with_the_collector_paused_rebasing_the_second_works():
    with paused_gc():
        first, second = twins("GemelloInPausa")
        del first
        second.__bases__ = (Interface,)  # the shared entry is still there
        assert second.__bases__ == (Interface,)
    assert gc.isenabled()
