from comune.istanze.exchange.document import export_type
from comune.istanze.exchange.importer import import_type
from tests.fixtures import make_type
from plone import api


def test_smoke(portal):
    from comune.istanze.demo.forms import PRIVACY
    t = make_type(portal, privacy_notice=PRIVACY)
    xml = export_type(t)
    print(xml.decode())
    with api.env.adopt_roles(["Manager"]):
        folder = api.content.create(container=portal, type="Folder", id="altro")
    t.code = "XX"  # free the code
    from comune.istanze.exchange.validation import ImportRefused, messages
    try:
        new = import_type(xml.replace(b"CONTAFF", b"NUOVO").replace(b"7.1", b"<bad"), folder)
    except ImportRefused as exc:
        print(messages(exc))
    try:
        new = import_type(xml.replace(b"CONTAFF", b"NUOVO").replace(b'"code"', b'"codex"'), folder)
    except ImportRefused as exc:
        print(messages(exc))
    try:
        new = import_type(xml.replace(b"CONTAFF", b"NUOVO").replace(b'>family<', b'>marziani<').replace(b'<min>1</min>', b'<min>1</min><foo/>'), folder)
    except ImportRefused as exc:
        print(messages(exc))
    try:
        new = import_type(xml.replace(b"CONTAFF", b"NUOVO"), folder)
    except ImportRefused as exc:
        print(messages(exc))
        raise

    again = export_type(new)
    import difflib
    print("\n".join(difflib.unified_diff(xml.replace(b"CONTAFF", b"NUOVO").decode().splitlines(), again.decode().splitlines())))
    assert again == xml.replace(b"CONTAFF", b"NUOVO")
