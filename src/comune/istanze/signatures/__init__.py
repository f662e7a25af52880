"""Digitally signed attachments: CAdES (``.p7m``) and PAdES verification.

:mod:`.interfaces` holds the contract (:class:`ISignatureVerifier`, named
utilities ``cades`` and ``pades``) and the result dataclass; :mod:`.trust`
the Comune's trust list; :mod:`.policy` what an upload must satisfy;
:mod:`.display` how an outcome reads on the staff page, the receipt and the
REST API.
"""
