"""Print the README's workflow tables from the workflow definition.

``python scripts/workflow_table.py`` prints Markdown: the states with who can
see, edit, work and decide in each, and the transitions with their guards.
``tests/test_start.py`` checks that README.md contains exactly this output,
so the README follows ``istanza_workflow/definition.xml``.
"""

from pathlib import Path
from xml.etree import ElementTree

import sys


ROOT = Path(__file__).resolve().parent.parent
DEFINITION = (ROOT / "src" / "comune" / "istanze" / "profiles" / "default" / "workflows"
              / "istanza_workflow" / "definition.xml")
PERMISSIONS = (
    ("View", "Vede"),
    ("Modify portal content", "Modifica"),
    ("comune.istanze: Work applications", "Lavora (Work applications)"),
    ("comune.istanze: Decide applications", "Decide (Decide applications)"),
)
HIDDEN_ROLES = {"Manager", "Site Administrator"}  # they can do everything


def _roles(state, permission):
    for mapping in state.findall("permission-map"):
        if mapping.get("name") == permission:
            roles = [r.text for r in mapping.findall("permission-role")
                     if r.text not in HIDDEN_ROLES]
            return ", ".join(roles) or "—"
    return "(acquisito)"


def _guard(transition):
    guard = transition.find("guard")
    parts = []
    if guard is not None:
        parts += [f"permesso *{g.text}*" for g in guard.findall("guard-permission")]
        parts += [f"ruolo {g.text}" for g in guard.findall("guard-role")]
        parts += [f"espressione `{g.text}`" for g in guard.findall("guard-expression")]
    return "; ".join(parts) or "nessuna"


def tables(path=DEFINITION):
    root = ElementTree.parse(path).getroot()
    states = root.findall("state")
    titles = {s.get("state_id"): s.get("title") for s in states}
    lines = [
        f"Stato iniziale: `{root.get('initial_state')}`. Manager e Site Administrator "
        "hanno sempre tutti i permessi (non sono ripetuti sotto).",
        "",
        "| Stato | Titolo | Transizioni in uscita | "
        + " | ".join(label for _p, label in PERMISSIONS) + " |",
        "|---|---|---|" + "---|" * len(PERMISSIONS),
    ]
    for state in states:
        exits = ", ".join(f"`{t.get('transition_id')}`"
                          for t in state.findall("exit-transition")) or "—"
        cells = " | ".join(_roles(state, permission) for permission, _l in PERMISSIONS)
        lines.append(f"| `{state.get('state_id')}` | {state.get('title')} | {exits} | "
                     f"{cells} |")
    lines += ["", "| Transizione | Titolo | Da | A | Guardia |", "|---|---|---|---|---|"]
    for transition in root.findall("transition"):
        tid = transition.get("transition_id")
        sources = ", ".join(f"`{s.get('state_id')}`" for s in states
                            if any(e.get("transition_id") == tid
                                   for e in s.findall("exit-transition")))
        target = transition.get("new_state")
        lines.append(f"| `{tid}` | {transition.get('title')} | {sources or '—'} | "
                     f"`{target}` ({titles.get(target, '')}) | {_guard(transition)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(tables())
