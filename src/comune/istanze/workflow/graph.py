"""The flow of a type as a picture: server-side SVG with the count per state.

No JavaScript: the SVG is written here (lxml, so every title is escaped) and
is accessible (``role="img"``, ``<title>``/``<desc>``, a ``<title>`` per
transition); the page also shows :func:`transition_rows` as a text list
("da X a Y: azione (chi)"). The counts come from the catalog
(:func:`state_counts`): no application is woken.

Layout: the states in a column, by their distance from the draft (breadth
first), then in the order of the definition, the final states last; each transition is an arc on
the right with a number, the number of its line in the text list (the
legend); the applicant's transitions are dashed.
"""

from comune.istanze import _
from comune.istanze.workflow.definition import APPLICANT_KINDS
from comune.istanze.workflow.definition import FINAL
from lxml import etree
from plone import api
from zope.i18n import translate


SVG = "http://www.w3.org/2000/svg"
BOX_W, BOX_H, GAP_Y, LANE, MARGIN = 230, 50, 22, 28, 16
ROLE_TITLES = {"Istruttore": _("Istruttore"), "Responsabile": _("Responsabile")}


def state_counts(type_obj, defn):
    """{state id: number of the type's applications now in it} (catalog only)."""
    catalog = api.portal.get_tool("portal_catalog")
    return {s.id: len(catalog.unrestrictedSearchResults(application_type=type_obj.code,
                                                        review_state=s.id))
            for s in defn.states}


def _t(msg, request):
    return translate(msg, context=request, target_language=None if request else "it")


def who(transition, request=None):
    """Who may fire ``transition`` (translated text)."""
    if transition.kind in APPLICANT_KINDS:
        return _t(_("il richiedente"), request)
    if len(set(transition.roles)) == 1:
        return _t(ROLE_TITLES[transition.roles[0]], request)
    if transition.kind in ("accept", "reject"):
        return _t(_("Responsabile"), request)
    return _t(_("Istruttore o Responsabile"), request)


def transition_rows(defn, request=None):
    """[{"source", "target", "title", "who", "text"}] in Italian, one per arrow."""
    def t(msg):
        return _t(msg, request)

    titles = {s.id: s.title for s in defn.states}
    rows = []
    for number, tr, source in arrows(defn):
        row = {"number": number, "source": titles[source], "target": titles[tr.target],
               "title": tr.title, "kind": tr.kind, "who": who(tr, request)}
        row["text"] = t(_("da ${source} a ${target}: ${action} (${who})", mapping={
            "source": row["source"], "target": row["target"], "action": tr.title,
            "who": row["who"]}))
        rows.append(row)
    return rows


def _order(defn):
    """Open states by distance from the draft (breadth first), then definition
    order; the final states last."""
    depth, todo = {"draft": 0}, ["draft"]
    while todo:
        here = todo.pop(0)
        for tr in defn.exits(here):
            if tr.target not in depth:
                depth[tr.target] = depth[here] + 1
                todo.append(tr.target)
    index = {s.id: n for n, s in enumerate(defn.states)}
    return sorted((s.id for s in defn.states),
                  key=lambda i: (i in FINAL, depth.get(i, 99), index[i]))


def _lanes(edges):
    """A lane per edge (source row, target row): edges sharing a lane never overlap."""
    taken, lanes = [], {}
    for n, (a, b) in sorted(enumerate(edges), key=lambda e: abs(e[1][0] - e[1][1])):
        low, high = min(a, b), max(a, b)
        lane = 0
        while any(lo < high and low < hi for lo, hi in (taken[lane] if lane < len(taken) else [])):
            lane += 1
        if lane == len(taken):
            taken.append([])
        taken[lane].append((low, high))
        lanes[n] = lane
    return lanes


def _el(parent, tag, text=None, **attrs):
    element = etree.SubElement(parent, f"{{{SVG}}}{tag}",
                               {k.replace("_", "-"): str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def arrows(defn):
    """[(number, transition, source id)]: the arrows, numbered as in the text list."""
    return [(n, tr, source) for n, (tr, source) in enumerate(
        ((tr, source) for tr in defn.transitions for source in tr.sources), 1)]


def render_svg(defn, counts, title, request=None):
    """The SVG (text) of ``defn`` with ``counts`` {state: n}: states in a
    column, each transition an arc on the right with its number (the numbers
    of :func:`transition_rows`); the applicant's transitions dashed."""
    def t(msg):
        return _t(msg, request)

    order = _order(defn)
    row = {state: n for n, state in enumerate(order)}
    edges = arrows(defn)
    lanes = _lanes([(row[source], row[tr.target]) for _n, tr, source in edges])
    y_of = {state: MARGIN + n * (BOX_H + GAP_Y) for n, state in enumerate(order)}
    width = MARGIN * 2 + BOX_W + 30 + LANE * (max(lanes.values(), default=0) + 1)
    height = MARGIN * 2 + len(order) * (BOX_H + GAP_Y) - GAP_Y
    svg = etree.Element(f"{{{SVG}}}svg", nsmap={None: SVG}, attrib={
        "viewBox": f"0 0 {width} {height}", "width": str(width), "height": str(height),
        "style": "max-width: 100%; height: auto",  # scales down on a phone
        "role": "img", "aria-labelledby": "istanze-flow-title istanze-flow-desc",
        "class": "istanze-flow", "font-family": "Titillium Web, Arial, sans-serif"})
    _el(svg, "title", title, id="istanze-flow-title")
    summary = "; ".join(f"{s.title}: {counts.get(s.id, 0)}" for s in defn.states)
    _el(svg, "desc", t(_("Stati e transizioni del flusso, con le istanze in ogni stato: "
                         "${summary}. L'elenco numerato delle transizioni segue il grafico.",
                         mapping={"summary": summary})), id="istanze-flow-desc")
    marker = _el(_el(svg, "defs"), "marker", id="istanze-arrow", viewBox="0 0 10 10", refX=9,
                 refY=5, markerWidth=7, markerHeight=7, orient="auto-start-reverse")
    _el(marker, "path", d="M0,0 L10,5 L0,10 z", fill="#33475b")
    right = MARGIN + BOX_W
    for index, (number, tr, source) in enumerate(edges):
        lane_x = right + 30 + LANE * lanes[index]
        y1, y2 = y_of[source] + BOX_H / 2 - 8, y_of[tr.target] + BOX_H / 2 + 8
        group = _el(svg, "g", **{"class": f"istanze-flow-edge kind-{tr.kind}"})
        _el(group, "title", f"{number}. " + t(_(
            "da ${source} a ${target}: ${action} (${who})", mapping={
                "source": defn.state(source).title, "target": defn.state(tr.target).title,
                "action": tr.title, "who": who(tr, request)})))
        _el(group, "path", d=f"M{right},{y1:.0f} H{lane_x} V{y2:.0f} H{right + 2}", fill="none",
            stroke="#33475b", stroke_width=1.5, marker_end="url(#istanze-arrow)",
            **({"stroke_dasharray": "5 3"} if tr.kind in APPLICANT_KINDS else {}))
        mid = (y1 + y2) / 2
        _el(group, "circle", cx=lane_x, cy=f"{mid:.0f}", r=10, fill="#ffffff", stroke="#0066cc")
        _el(group, "text", str(number), x=lane_x, y=f"{mid + 4:.0f}", text_anchor="middle",
            font_size=11, fill="#1a1a1a")
    for state in defn.states:
        y, final = y_of[state.id], state.id in FINAL
        group = _el(svg, "g", **{"class": "istanze-flow-state", "data-state": state.id})
        _el(group, "rect", x=MARGIN, y=y, width=BOX_W, height=BOX_H, rx=8,
            fill="#f2f2f2" if final else "#e8f0fa", stroke="#5c6f82" if final else "#0066cc",
            stroke_width=2)
        _el(group, "text", state.title, x=MARGIN + 12, y=y + 21, font_size=14,
            font_weight="bold", fill="#1a1a1a")
        n = counts.get(state.id, 0)
        _el(group, "text", t(_("${n} istanze", mapping={"n": n}) if n != 1 else _("1 istanza")),
            x=MARGIN + 12, y=y + 40, font_size=12, fill="#33475b",
            **{"class": "istanze-flow-count"})
    return etree.tostring(svg, encoding="unicode")
