"""Upgrade 1001 -> 1002: a type's audit log stored as a plain OOBTree becomes
an append-only AuditLog with the same entries."""

from BTrees.OOBTree import OOBTree
from comune.istanze.backoffice import audit
from comune.istanze.upgrades import v1002_audit
from datetime import datetime
from tests.fixtures import make_type


def _old_log(type_obj):
    old = OOBTree()
    for n in range(3):
        old[f"{1700000000 + n:017.6f}-abc{n}"] = {
            "when": datetime(2026, 11, 1, 9, n), "who": "istruttore", "number": f"2026-CASA-00000{n}",
            "uid": f"uid{n}", "action": "read", "detail": "",
        }
    type_obj._audit = old


def test_old_logs_become_append_only_keeping_entries(portal):
    casa, mensa = make_type(portal, code="CASA"), make_type(portal, code="MENSA")
    _old_log(casa)
    before = audit.entries(casa)  # an old log is still readable
    assert [e["number"] for e in before] == ["2026-CASA-000000", "2026-CASA-000001", "2026-CASA-000002"]
    assert v1002_audit.append_only_audit(portal=portal) == 1
    assert isinstance(casa._audit, audit.AuditLog) and getattr(mensa, "_audit", None) is None
    assert audit.entries(casa) == before
    assert v1002_audit.append_only_audit(portal=portal) == 0  # idempotent


def test_a_write_on_an_old_log_adopts_it(portal):
    casa = make_type(portal, code="CASA")
    _old_log(casa)
    audit.record_type(casa, "export", "registro degli accessi")
    assert isinstance(casa._audit, audit.AuditLog)
    assert [e["action"] for e in audit.entries(casa)] == ["read", "read", "read", "export"]
