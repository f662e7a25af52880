"""PDND Interoperabilità: vouchers and ModI headers for the national e-services.

``client()`` is the configured :class:`~.interfaces.IPDNDClient` (None when
the Comune has not configured PDND); the e-service clients (ANPR, INAD) ask
it for ``headers(purpose_id, method, url, body, audience)``.
"""


def client():
    """The IPDNDClient named by ``comune.istanze.pdnd.client``, or None."""
    from comune.istanze.integrations.pdnd.config import current_client

    return current_client()
