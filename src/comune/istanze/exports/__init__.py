"""Files staff and other systems open: spreadsheets (CSV, XLSX) and archives (ZIP).

Every export goes through :mod:`.cells` (one rule for CSV and XLSX: no
formula-leading text, no characters XML forbids) and every archive entry
name through :mod:`.archive` (no path, no ``..``, no control characters,
capped and unique).
"""
