"""The rules editor's rows <-> the rules data (no code for staff).

Staff edit a table: each row has a kind (fascia, per unità, bonus,
esclusione), a form field and the numbers of that kind. Consecutive
``ranges`` rows on the same field form one rule with several brackets.
"""

from comune.istanze import _
from comune.istanze.ranking.rules import RuleError


ROW_KEYS = ("kind", "field", "label", "min", "max", "points", "max_points", "equals",
            "op", "value", "reason")
KIND_TITLES = (
    ("ranges", _("Punti per fascia")),
    ("per_unit", _("Punti per unità")),
    ("bonus", _("Bonus sì/no")),
    ("exclude", _("Esclusione")),
)
OP_TITLES = (
    ("missing", _("mancante")), ("false", _("no / falso")), ("eq", "="), ("ne", "≠"),
    ("lt", "<"), ("le", "≤"), ("gt", ">"), ("ge", "≥"),
)


def _num(text, row, what):
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RuleError(
            _("Riga ${row}: «${what}» deve essere un numero.", mapping={"row": row, "what": what})
        )
    return int(value) if value.is_integer() else value


def rows_to_rules(rows, ties):
    """Form rows (dicts of strings) -> rules data for compile_rules."""
    rules = []
    for index, row in enumerate(rows, 1):
        kind = (row.get("kind") or "").strip()
        if not kind:
            continue
        field = (row.get("field") or "").strip()
        label = (row.get("label") or "").strip() or None
        if kind == "ranges":
            band = {"min": _num(row.get("min"), index, "min"),
                    "max": _num(row.get("max"), index, "max"),
                    "points": _num(row.get("points"), index, "punti")}
            last = rules[-1] if rules else None
            if last and last["kind"] == "ranges" and last["field"] == field:
                last["ranges"].append(band)
                continue
            rules.append({"kind": "ranges", "field": field, "label": label, "ranges": [band]})
        elif kind == "per_unit":
            rule = {"kind": kind, "field": field, "label": label,
                    "points": _num(row.get("points"), index, "punti")}
            cap = _num(row.get("max_points"), index, "punti massimi")
            if cap is not None:
                rule["max_points"] = cap
            rules.append(rule)
        elif kind == "bonus":
            rule = {"kind": kind, "field": field, "label": label,
                    "points": _num(row.get("points"), index, "punti")}
            if (row.get("equals") or "").strip():
                rule["equals"] = row["equals"].strip()
            rules.append(rule)
        else:
            value = row.get("value")
            number = None
            if (value or "").strip():
                try:
                    number = _num(value, index, "valore")
                except RuleError:
                    number = value.strip()
            rules.append({"kind": kind, "field": field, "op": (row.get("op") or "").strip(),
                          "value": number, "reason": (row.get("reason") or "").strip()})
    tie_breakers = [
        {"field": t["field"].strip(), "order": (t.get("order") or "asc").strip()}
        for t in ties if (t.get("field") or "").strip()
    ]
    return {"rules": rules, "tie_breakers": tie_breakers}


def rules_to_rows(data):
    """Rules data -> editor rows (the inverse of :func:`rows_to_rules`)."""
    rows = []
    for rule in (data or {}).get("rules", []):
        base = {k: "" for k in ROW_KEYS}
        base.update(kind=rule["kind"], field=rule["field"], label=rule.get("label") or "")
        if rule["kind"] == "ranges":
            for band in rule["ranges"]:
                row = dict(base)
                row.update({k: "" if band.get(k) is None else str(band[k]) for k in ("min", "max", "points")})
                rows.append(row)
            continue
        for key in ("points", "max_points", "equals", "op", "value", "reason"):
            if rule.get(key) is not None:
                base[key] = str(rule[key])
        rows.append(base)
    return rows, list((data or {}).get("tie_breakers", []))
