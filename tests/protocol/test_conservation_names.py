"""The conservation package names attachments safely (no zip-slip)."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.documents.conservation import package
from lxml import etree
from tests.documents.helpers import PDF
from tests.documents.helpers import submitted
from tests.fixtures import make_citizen
from tests.fixtures import make_type
from comune.istanze.outbox.worker import run_once

import io
import transaction
import zipfile


CONS = {"c": "urn:comune-istanze:conservazione:1"}
EVIL = ["../../x.pdf", "..\\..\\x.pdf", "/etc/passwd", "a\x00b.pdf", "z" * 300 + ".pdf",
        "uguale.pdf", "uguale.pdf"]


def test_conservation_package_names_are_safe(protocol_site, sandbox, tmp_path):
    app = submitted(make_type(protocol_site), make_citizen("Anna", "Neri", female=True))
    for name in EVIL:
        add_attachment(app, "Contratto di locazione", PDF, name, app.applicant_id, replace=False)
    stored = {a.filename for a in attachments_of(app)}
    assert "ab.pdf" in stored and "a\x00b.pdf" not in stored  # cleaned when stored
    transaction.commit()
    assert run_once(protocol_site) == {"done": 1}
    for att in attachments_of(app):  # as stored before names were cleaned on upload
        if att.filename == "ab.pdf":
            att.file.filename = "a\x00b.pdf"
    with zipfile.ZipFile(io.BytesIO(package(app))) as zf:
        names = zf.namelist()
        meta = etree.fromstring(zf.read("metadati.xml"))
        zf.extractall(tmp_path / "pacchetto")
    attached = [n for n in names if n.startswith("allegati/")]
    assert len(attached) == len(EVIL) + 1 and len(set(names)) == len(names)
    for name in attached:
        leaf = name[len("allegati/"):]
        assert "/" not in leaf and "\\" not in leaf and ".." not in leaf and "\x00" not in leaf
        assert len(leaf.encode("utf-8")) <= 120
    root = (tmp_path / "pacchetto").resolve()
    assert all(p.resolve().is_relative_to(root) for p in root.rglob("*"))
    # metadati.xml points at the names actually in the archive, and keeps the original name
    paths = meta.xpath("//c:Allegato/c:Percorso/text()", namespaces=CONS)
    assert sorted(p for p in paths if p.startswith("allegati/")) == sorted(attached)
    assert "../../x.pdf" in meta.xpath("//c:Allegato/c:NomeDelDocumento/text()", namespaces=CONS)
