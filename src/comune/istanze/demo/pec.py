"""The demo's PEC channel: the demo types also send their communications,
integration requests and decisions to the citizen's digital domicile.

The sandbox INAD (``sandbox/inad``) knows a PEC domicile for Mario Rossi and
Giulia Bianchi (none for Luca Verdi); the PEC messages leave through the
site's mail server, the sandbox mail sink, from the Comune's demo PEC
address. Types that already chose "pec" are left as they are.
"""

from comune.istanze.channels.interfaces import IMessageChannels
from plone import api


PEC_SENDER = "protocollo@pec.comune-esempio.example"
KINDS = ("communication", "integration_request", "decision")


def create_demo_pec(portal):
    api.portal.set_registry_record("comune.istanze.inad.pec_sender", PEC_SENDER)
    folder = portal.get("servizi-online")
    for type_obj in (folder.objectValues() if folder is not None else ()):
        choice = IMessageChannels(type_obj, None)
        if choice is None:
            continue
        for kind in KINDS:
            chosen = list(getattr(choice, f"channels_{kind}", None) or ["email"])
            if "pec" not in chosen:
                setattr(choice, f"channels_{kind}", chosen + ["pec"])
