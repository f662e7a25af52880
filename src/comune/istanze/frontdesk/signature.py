"""The citizen's signature on the summary of a front-desk draft.

Either the scan of the printed summary signed on paper (PDF, JPEG, PNG) or
a signature drawn on a tablet (``static/firma.js`` posts it as a PNG data
URL). Both are stored as one attachment of kind ``signature`` (a new one
replaces the old), checked on content like every upload; a drawn signature
must be a real PNG with some ink on it.
"""

from comune.istanze import _
from comune.istanze.documents.attachments import add_attachment
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.sniffing import UploadRejected
from plone import api

import base64
import binascii
import io


KIND = "signature"
SPEC_NAME = "Firma del cittadino sul riepilogo"
SCAN_SPEC = {"name": SPEC_NAME, "mime_types": "pdf, jpg, png", "max_size_mb": 10}
DRAWN_SPEC = {"name": SPEC_NAME, "mime_types": "png", "max_size_mb": 2}
DATA_URL_PREFIX = "data:image/png;base64,"
MIN_INK_PIXELS = 50


def signature_of(app):
    """The signature attachment of ``app``, or None."""
    for att in attachments_of(app):
        if att.kind == KIND:
            return att
    return None


def store_scan(app, data, filename):
    """The scan of the summary signed on paper (bytes or a ReceivedFile)."""
    return add_attachment(app, SPEC_NAME, data, filename or "firma.pdf",
                          api.user.get_current().getId(), kind=KIND, spec=SCAN_SPEC)


def decode_drawing(data_url):
    """PNG bytes of a drawn signature, or UploadRejected (Italian)."""
    value = (data_url or "").strip()
    if not value.startswith(DATA_URL_PREFIX):
        raise UploadRejected(_("La firma disegnata non è stata ricevuta: fai firmare di nuovo."))
    try:
        png = base64.b64decode(value[len(DATA_URL_PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        raise UploadRejected(_("La firma disegnata non è leggibile: fai firmare di nuovo."))
    if ink_pixels(png) < MIN_INK_PIXELS:
        raise UploadRejected(_("La firma disegnata è vuota: fai firmare il cittadino nel riquadro."))
    return png


def ink_pixels(png):
    """Number of non-transparent, non-white pixels (0 for what is not a PNG)."""
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(png))
        if image.format != "PNG":
            return 0
        image = image.convert("RGBA")
    except Exception:  # PIL raises many kinds on garbage
        return 0
    return sum(1 for r, g, b, a in image.getdata() if a > 32 and (r + g + b) < 600)


def store_drawing(app, data_url):
    png = decode_drawing(data_url)
    return add_attachment(app, SPEC_NAME, png, "firma-tablet.png",
                          api.user.get_current().getId(), kind=KIND, spec=DRAWN_SPEC)
