"""Count what the instance stored (run by ``zconsole run``; ``app`` is given).

Usage: zconsole run zope.conf benchmarks/count.py <setup.json> <conflicts.jsonl> <out.json>

Writes the applications the load's citizens made of the benchmark type by
review state, their numbers, the rows of the EasyForm save-data adapter
(those added at setup as earlier submissions left out), and where in the
database the objects of the conflicts are.
"""

from collections import Counter

import json
import sys


def count(app, info, conflict_oids=()):
    from Products.CMFCore.utils import getToolByName
    from zope.component.hooks import setSite

    site = app[info["site"]]
    setSite(site)
    catalog = getToolByName(site, "portal_catalog")
    load = [citizen["login"] for citizen in info["citizens"]]
    brains = catalog.unrestrictedSearchResults(portal_type=info["portal_type"], applicant_id=load)
    states = Counter(b.review_state for b in brains)
    numbers = [b.application_number for b in brains if b.review_state == "submitted"]
    # «Paga e invia» (P1 with a fee): drafts waiting for their payment
    from comune.istanze.fees.listing import payments_to_pay

    pending = sum(1 for b in brains if b.review_state == "draft" and payments_to_pay(b))
    form = site[info["easyform"]]
    rows = form._inputStorage[info["saver"]] if hasattr(form, "_inputStorage") else {}
    earlier_rows = sum(1 for row in rows.values() if row.get("earlier"))
    everyone = catalog.unrestrictedSearchResults(portal_type=info["portal_type"])
    arriving = sum(1 for type_obj, _id in _arrivals(site) if type_obj.getId() == info["type"])
    return {
        "istanze": {"states": dict(states), "numbers": numbers, "pending_payment": pending,
                    "arriving": arriving},
        "easyform": {"rows": len(rows) - earlier_rows},
        "earlier": {"istanze": len(everyone) - len(brains), "easyform": earlier_rows},
        "where": _where(app, conflict_oids),
    }


def _where(app, conflict_oids):
    """Where the conflicting objects are; a storage that cannot list its
    records (RelStorage without history, ``run.py --cluster``) says so."""
    from benchmarks.locate import locate_all

    try:
        return locate_all(app._p_jar, sorted(set(conflict_oids)))
    except Exception as exc:
        return {oid: f"? ({type(exc).__name__})" for oid in conflict_oids}


def _arrivals(site):
    """Applications stored but not yet settled into the type and the catalog
    (none before the arrivals existed: ``run.py --ref`` of older code)."""
    try:
        from comune.istanze.content.arrivals import pending_arrivals
    except ImportError:
        return []
    return pending_arrivals(site)


def _oids(log):
    try:
        with open(log, encoding="utf-8") as f:
            records = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []
    return [r["oid"] for r in records if r.get("oid")]


if __name__ == "__main__":
    with open(sys.argv[-3], encoding="utf-8") as f:
        setup = json.load(f)
    result = count(globals()["app"], setup, _oids(sys.argv[-2]))
    with open(sys.argv[-1], "w", encoding="utf-8") as f:
        json.dump(result, f)
