"""What can go wrong with the antivirus, in Italian for the citizen."""

from comune.istanze import _


class ScannerUnavailable(Exception):
    """The scanner did not answer or answered something else than a verdict."""


UNAVAILABLE = _("Il controllo antivirus dei file non è disponibile in questo momento: "
                "riprova tra qualche minuto. Il file non è stato salvato.")


def infected(label):
    return _("Il file «${name}» contiene un virus o un contenuto pericoloso ed è stato "
             "rifiutato: non è stato salvato.", mapping={"name": label})
