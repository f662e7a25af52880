"""ANPR failures, with Italian messages for citizens and staff.

:class:`ANPRUnavailable` (down, slow, answer lost, PDND voucher refused):
the citizen still applies, the application is "non verificata".
:class:`ANPRNotFound`: ANPR does not know the codice fiscale.
:class:`ANPRRejected`: ANPR refused the request (a bug or a configuration
error on our side, shown to staff).
"""

from comune.istanze import _


class ANPRError(Exception):
    def __init__(self, message, detail=""):
        super().__init__(message)
        self.message = message
        self.detail = detail


class ANPRUnavailable(ANPRError):
    def __init__(self, detail=""):
        super().__init__(_("L'Anagrafe nazionale (ANPR) non risponde in questo momento."), detail)


class ANPRNotFound(ANPRError):
    def __init__(self, detail=""):
        super().__init__(_("Il codice fiscale non risulta nell'Anagrafe nazionale (ANPR)."), detail)


class ANPRRejected(ANPRError):
    def __init__(self, detail=""):
        super().__init__(_("L'Anagrafe nazionale (ANPR) ha rifiutato la richiesta: ${detail}",
                           mapping={"detail": detail}), detail)
