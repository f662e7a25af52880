"""Retention settings and the extension point for personal data."""

from comune.istanze import _
from zope import schema
from zope.interface import Interface


class IRetentionSettings(Interface):
    apply = schema.Bool(
        title=_("Applica la conservazione"),
        description=_("Se attivo, il worker anonimizza ogni giorno le istanze oltre il periodo "
                      "di conservazione; se non attivo, c'è solo il rapporto e nulla cambia."),
        default=False,
        required=False,
    )
    batch = schema.Int(title=_("Istanze trattate per ciclo del worker"), default=200, min=1,
                       required=True)


class IPersonalDataEraser(Interface):
    """A subscription adapter of an application: erases the personal data
    its capability keeps on it (answers, files, front-desk identity
    documents, representation...), keeping what the law requires."""

    def erase():
        """Erase; return a short Italian description of what went."""
