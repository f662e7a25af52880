"""Titles of the application states (Italian msgids)."""

from comune.istanze import _


STATE_TITLES = {
    "draft": _("Bozza"),
    "submitted": _("Presentata"),
    "in_review": _("In istruttoria"),
    "integration_requested": _("Integrazione richiesta"),
    "accepted": _("Accolta"),
    "rejected": _("Respinta"),
    "withdrawn": _("Ritirata"),
    "closed": _("Archiviata"),
}
