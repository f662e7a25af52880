"""What every zeep-based protocol adapter shares: cached services built
from a WSDL shipped in the package, and one mapping of network and SOAP
failures onto :mod:`errors` (retried or permanent, as the outbox expects).
"""

from comune.istanze.integrations.protocol.errors import ProtocolRejected
from comune.istanze.integrations.protocol.errors import ProtocolUnavailable
from contextlib import contextmanager

import re
import threading


_clients = {}
_lock = threading.Lock()
# the internal DTD subset of the W3C xmldsig schema: entity declarations it
# never uses, which zeep refuses (EntitiesForbidden); dropped when loading
_DTD = re.compile(rb"<!DOCTYPE[^\[>]*\[.*?\]>", re.S)


def _transport_class():
    from zeep.transports import Transport

    class CheckedTransport(Transport):
        """A non-SOAP error page (proxy 502/503...) means "unavailable"."""

        def load(self, url):
            content = super().load(url)
            return _DTD.sub(b"", content, count=1) if url.endswith(".xsd") else content

        def post_xml(self, address, envelope, headers):
            response = super().post_xml(address, envelope, headers)
            ctype = response.headers.get("Content-Type", "")
            if response.status_code >= 400 and "xml" not in ctype:
                raise ProtocolUnavailable(
                    f"Servizio di protocollo non disponibile (HTTP {response.status_code})."
                )
            return response

    return CheckedTransport


def service(wsdl, binding, url, username, password, timeout, plugins=()):
    """A zeep service proxy for ``binding`` of the local ``wsdl`` at ``url``
    (cached per configuration; the WSDL is never fetched from the network)."""
    import requests
    import zeep

    key = (wsdl, binding, url, username, password, timeout, tuple(id(p) for p in plugins))
    with _lock:
        proxy = _clients.get(key)
        if proxy is None:
            session = requests.Session()
            if username:
                session.auth = (username, password or "")
            transport = _transport_class()(session=session, timeout=timeout, operation_timeout=timeout)
            client = zeep.Client(wsdl, transport=transport, plugins=list(plugins))
            proxy = _clients[key] = client.create_service(binding, url)
    return proxy


@contextmanager
def soap_errors(what="la registrazione"):
    """Turn zeep/requests failures of the block into ProtocolUnavailable
    (retried: network, HTTP, server faults) or ProtocolRejected (not
    retried: a ``Client``/``Sender`` fault, the register refused the data)."""
    import requests
    import zeep.exceptions

    try:
        yield
    except zeep.exceptions.Fault as fault:
        code = str(fault.code or "")
        message = f"Il protocollo ha rifiutato {what}: {fault.message}"
        if code.endswith("Client") or code.endswith("Sender"):
            raise ProtocolRejected(message) from fault
        raise ProtocolUnavailable(message) from fault
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise ProtocolUnavailable(f"Servizio di protocollo non raggiungibile: {exc}") from exc
    except zeep.exceptions.TransportError as exc:
        raise ProtocolUnavailable(f"Servizio di protocollo in errore (HTTP {exc.status_code}).") from exc
    except zeep.exceptions.Error as exc:
        raise ProtocolUnavailable(f"Risposta del protocollo non interpretabile: {exc}") from exc
