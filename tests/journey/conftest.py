"""Fixtures of the citizen's journey: a published type, citizens, a mock MailHost."""

from plone.testing.zope import Browser
from tests.fixtures import CITIZEN_PASSWORD
from tests.fixtures import install_mailhost
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from tests.fixtures import spid_cookie
from types import SimpleNamespace
from zope.testbrowser.cookies import Cookies

import io
import pikepdf
import pytest
import struct
import transaction
import zlib


PRIVACY = "<p>Il Comune di Esempio tratta i tuoi dati per istruire l'istanza.</p>"


def real_pdf(text="Contratto di locazione"):
    """A small, valid PDF with one page and some text."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Title"] = text
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def real_png():
    """A valid 1x1 PNG (to be renamed .pdf by the tests)."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def browser_for(app, user=None, base="http://nohost/"):
    browser = Browser(app)
    browser.handleErrors = True
    browser.raiseHttpErrors = False
    cookie = spid_cookie(user) if user is not None else None
    if cookie:  # a citizen: the session of their SPID/CIE login
        Cookies(browser.testapp, base, {}).create(cookie[0], cookie[1], path="/")
    elif user is not None:
        browser.addHeader("Authorization", f"Basic {user}:{CITIZEN_PASSWORD}")
    return browser


@pytest.fixture
def journey(functional, functional_portal):
    """A published type with one attachment, two citizens, a mock MailHost (committed)."""
    portal = functional_portal
    from plone.app.textfield.value import RichTextValue

    mailhost = install_mailhost(portal)
    app_type = make_type(
        portal,
        privacy_notice=RichTextValue(PRIVACY, "text/html", "text/x-html-safe"),
    )
    citizen = make_citizen()
    other = make_citizen("Giulia", "Bianchi", female=True)
    low = make_citizen("Luca", "Verdi", loa="SpidL1")
    transaction.commit()
    return SimpleNamespace(
        portal=portal,
        app=functional["app"],
        type=app_type,
        type_url=app_type.absolute_url(),
        citizen=citizen.getId(),
        other=other.getId(),
        low=low.getId(),
        mailhost=mailhost,
        browser=lambda user=None: browser_for(
            functional["app"], user, f"http://{functional['host']}:{functional['port']}/"),
        host=functional["host"],
        port=functional["port"],
    )

