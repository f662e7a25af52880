"""The demo profile: "Comune di Esempio" with sample types, staff and citizens."""

from comune.istanze.demo.content import create_demo
from plone import api


def post_install(setup_tool):
    """post_handler of ``comune.istanze:demo`` (it receives portal_setup)."""
    create_demo(api.portal.get())
