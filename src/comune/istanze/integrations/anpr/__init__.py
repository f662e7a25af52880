"""ANPR (Anagrafe Nazionale della Popolazione Residente) through PDND.

``client()`` is the configured :class:`~.interfaces.IANPRClient` (None when
the Comune has not configured ANPR). The product uses three e-services of
the ANPR catalogue on PDND, all with the request/response shape of the
official OpenAPI (``RichiestaE002`` / ``RispostaE002OK``, path
``/anpr-service-e002``): C015 accertamento generalità, C020 accertamento
residenza, C021 accertamento stato di famiglia. They serve the prefill of
the fields the editor marks "da ANPR" (``istanze:anpr``), the type's
eligibility rules (resident in the Comune; the family member in the
applicant's stato di famiglia) and the office's re-check.
"""


def client():
    """The IANPRClient named by ``comune.istanze.anpr.client``, or None."""
    from comune.istanze.integrations.anpr.config import current_client

    return current_client()
