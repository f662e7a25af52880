"""The cyclic garbage collector paused while a Plone site is created.

Creating a site makes Dexterity schemas in ``plone.dexterity.schema.generated``
whose interface objects can exist twice under one name while the FTIs are
imported. zope.interface keeps an interface's dependents in a
``WeakKeyDictionary`` whose keys compare by name: the second object's
subscription lands on the first one's entry, and when the garbage collector
frees the first object mid-creation the entry goes with it, so re-basing the
second raises ``KeyError`` in ``InterfaceClass.unsubscribe`` (seen once in a
CI run, ``tests/upgrades/test_v1002_identity.py``). With no collection during
the creation the entry lives until the site exists.
"""

from contextlib import contextmanager

import gc


@contextmanager
def paused_gc():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def add_plone_site(app, site_id, **options):
    """``Products.CMFPlone.factory.addPloneSite`` with the collector paused."""
    from Products.CMFPlone.factory import addPloneSite

    with paused_gc():
        return addPloneSite(app, site_id, **options)
