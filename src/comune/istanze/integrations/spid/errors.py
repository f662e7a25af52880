"""Why a SPID/CIE login was refused: always a clear Italian message."""

from authomatic.exceptions import CancellationError
from comune.istanze import _


class LoginRefused(CancellationError):
    """The login cannot go on; ``message`` is an i18n Message for the citizen.

    ``reason`` is a short code for logs and tests; ``status`` the HTTP
    status of the page that shows the message. It derives from authomatic's
    CancellationError only so that authomatic does not log an expected
    refusal as a crash with a traceback: ``@@spid-login`` logs the reason.
    """

    def __init__(self, reason, message, status=401):
        super().__init__(f"{reason}: {message}")
        self.reason, self.message, self.status = reason, message, status


def broker_down():
    return LoginRefused(
        "broker_down",
        _("Il servizio di accesso SPID/CIE non risponde in questo momento. "
          "Riprova tra qualche minuto."),
        503,
    )


def not_configured():
    return LoginRefused(
        "not_configured",
        _("L'accesso con SPID/CIE non è ancora configurato: rivolgiti al Comune."),
        503,
    )


def expired_session():
    return LoginRefused(
        "bad_state",
        _("La richiesta di accesso non è valida o è scaduta (controllo di "
          "sicurezza fallito). Ricomincia l'accesso con SPID/CIE."),
        400,
    )


def invalid_token(reason="bad_id_token"):
    return LoginRefused(
        reason,
        _("La risposta del servizio di identità non ha superato i controlli di "
          "sicurezza: accesso negato. Ricomincia l'accesso con SPID/CIE."),
    )


def code_refused():
    return LoginRefused(
        "code_refused",
        _("Il codice di accesso ricevuto non è più valido (scaduto o già usato). "
          "Ricomincia l'accesso con SPID/CIE."),
    )


def cancelled():
    return LoginRefused(
        "cancelled", _("Accesso annullato: non sei entrato nel sito."), 401,
    )


def level_too_low(level):
    return LoginRefused(
        "level_too_low",
        _("Il servizio richiede un accesso di livello ${level}: accedi di nuovo "
          "scegliendo quel livello.", mapping={"level": level}),
        403,
    )


def bad_identity():
    return LoginRefused(
        "bad_identity",
        _("Il servizio di identità non ha fornito un codice fiscale valido: "
          "accesso negato."),
    )

