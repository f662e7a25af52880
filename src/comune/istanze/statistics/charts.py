"""Accessible bar charts as inline SVG, generated on the server (no JS).

Each chart comes with its data rows (the template shows them as a table)
and a text alternative (the SVG's ``<title>``/``<desc>`` and the caption).
"""

from xml.sax.saxutils import escape

import itertools


_ids = itertools.count()
BAR_H, GAP, LABEL_W, BAR_W, VALUE_W = 22, 8, 230, 360, 80


def fmt_int(value):
    return "—" if value is None else f"{value:,}".replace(",", ".")


def fmt_dec(value):
    return "—" if value is None else f"{value:,.2f}".replace(",", "#").replace(".", ",").replace("#", ".")


def bar_chart(title, rows, unit=""):
    """``rows``: [(label, number)]. Returns a dict for the template."""
    uid = f"grafico-{next(_ids)}"
    top = max((v for _label, v in rows if v), default=0)
    height = len(rows) * (BAR_H + GAP) + GAP
    width = LABEL_W + BAR_W + VALUE_W
    text = "; ".join(f"{label}: {fmt_int(value)}{unit}" for label, value in rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'style="max-width: 100%; height: auto" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="{uid}-t {uid}-d" class="grafico-barre">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(text)}</desc>',
    ]
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_H + GAP)
        bar = int(BAR_W * (value or 0) / top) if top else 0
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{LABEL_W - 6}" y="{y + BAR_H - 6}" text-anchor="end" '
            f'font-size="13" fill="#1a1a1a">{escape(short)}</text>'
            f'<rect x="{LABEL_W}" y="{y}" width="{max(bar, 1)}" height="{BAR_H}" fill="#0066cc"/>'
            f'<text x="{LABEL_W + max(bar, 1) + 6}" y="{y + BAR_H - 6}" font-size="13" '
            f'fill="#1a1a1a">{escape(fmt_int(value))}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    cells = [(label, fmt_int(value)) for label, value in rows]
    return {"id": uid, "title": title, "svg": "".join(parts), "text": text, "rows": cells,
            "rows_html": table_rows(cells)}


def table_rows(rows):
    """``<tr>`` markup of a data table: the first cell of each row is its
    header (``th scope="row"``), every value escaped. Long tables are built
    here in one pass rather than cell by cell in the page template."""
    return "".join(
        f'<tr><th scope="row">{escape(str(row[0]))}</th>'
        + "".join(f"<td>{escape(str(cell))}</td>" for cell in row[1:]) + "</tr>"
        for row in rows
    )
