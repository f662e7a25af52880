"""Count what the instance stored (run by ``zconsole run``; ``app`` is given).

Usage: zconsole run zope.conf benchmarks/count.py <setup.json> <out.json>

Writes the applications of the benchmark type by review state, their
numbers, and the rows of the EasyForm save-data adapter.
"""

from collections import Counter

import json
import sys


def count(app, info):
    from Products.CMFCore.utils import getToolByName
    from zope.component.hooks import setSite

    site = app[info["site"]]
    setSite(site)
    catalog = getToolByName(site, "portal_catalog")
    brains = catalog.unrestrictedSearchResults(portal_type=info["portal_type"])
    states = Counter(b.review_state for b in brains)
    numbers = [b.application_number for b in brains if b.review_state == "submitted"]
    form = site[info["easyform"]]
    rows = form._inputStorage[info["saver"]] if hasattr(form, "_inputStorage") else {}
    return {
        "istanze": {"states": dict(states), "numbers": numbers},
        "easyform": {"rows": len(rows)},
    }


if __name__ == "__main__":
    with open(sys.argv[-2], encoding="utf-8") as f:
        setup = json.load(f)
    with open(sys.argv[-1], "w", encoding="utf-8") as f:
        json.dump(count(globals()["app"], setup), f)
