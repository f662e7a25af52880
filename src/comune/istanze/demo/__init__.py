"""The demo profile: "Comune di Esempio" with sample types, staff and citizens.

The demo creates accounts whose passwords are published (README, banner of
``make start``): it must never land on a real site. The profile is hidden
from Plone's add-on list and site-creation form
(:class:`comune.istanze.setuphandlers.HiddenProfiles`), and it refuses to
run unless ``make start`` asked for it: ``scripts/serve.py`` sets
:data:`ENV_FLAG` for ``scripts/create_site.py``. The check runs before the
profile's import steps and again before any content is created.
"""

from comune.istanze.demo.content import create_demo
from plone import api

import os


ENV_FLAG = "COMUNE_ISTANZE_DEMO"


class DemoRefused(RuntimeError):
    """The demo profile was run outside ``make start``."""


def require_make_start():
    if os.environ.get(ENV_FLAG) != "1":
        raise DemoRefused(
            "Il profilo demo di comune.istanze crea account con password pubblicate: "
            f"si installa solo con «make start» (variabile d'ambiente {ENV_FLAG}=1), "
            "mai su un sito reale. Nessun contenuto è stato creato.")


def pre_install(setup_tool):
    """pre_handler of ``comune.istanze:demo``: refuse before any import step."""
    require_make_start()


def post_install(setup_tool):
    """post_handler of ``comune.istanze:demo`` (it receives portal_setup)."""
    require_make_start()
    create_demo(api.portal.get())
