"""HTML of the sandbox's authorization page (like the SPID test IdP)."""

from html import escape
from sandbox.oidc_broker.identities import CITIZENS
from sandbox.oidc_broker.identities import HOOKS
from sandbox.oidc_broker.identities import LEVELS
from sandbox.oidc_broker.identities import METHODS


STYLE = """
body{font-family:'Titillium Web',Arial,sans-serif;margin:0;background:#f5f5f5;color:#17324d}
header{background:#0066cc;color:#fff;padding:1rem 2rem}
main{max-width:44rem;margin:1.5rem auto;background:#fff;padding:1.5rem 2rem;border-radius:4px}
fieldset{border:1px solid #c5c7c9;margin:0 0 1rem;padding:.75rem 1rem}
legend{font-weight:600}
label{display:block;margin:.25rem 0}
button{background:#0066cc;color:#fff;border:0;padding:.6rem 1.4rem;font-size:1rem;border-radius:4px}
button.secondary{background:#fff;color:#0066cc;border:2px solid #0066cc}
button:focus,input:focus,select:focus{outline:3px solid #ff9900;outline-offset:2px}
.warning{background:#fff3cd;padding:.5rem 1rem}
"""


def _radio(name, value, label, checked):
    mark = " checked" if checked else ""
    return (
        f'<label><input type="radio" name="{name}" value="{escape(value)}"{mark}> '
        f"{escape(label)}</label>"
    )


def authorize_page(params, level):
    """The page where the tester picks identity, method, level and hooks."""
    hidden = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
        for k, v in sorted(params.items())
    )
    people = "".join(
        _radio("identity", c["fiscal_code"],
               f'{c["given_name"]} {c["family_name"]} — {c["fiscal_code"]}', i == 0)
        for i, c in enumerate(CITIZENS)
    )
    methods = "".join(
        _radio("method", key, label, key == "spid") for key, label in METHODS.items()
    )
    levels = "".join(
        _radio("level", lv, f"Livello {lv[-1]}", lv == level) for lv in LEVELS
    )
    hooks = "".join(
        f'<option value="{escape(k)}">{escape(v)}</option>' for k, v in HOOKS.items()
    )
    return f"""<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8">
<title>Broker SPID/CIE di prova</title><style>{STYLE}</style></head>
<body><header><h1>Broker SPID/CIE di prova</h1></header>
<main>
<p class="warning">Ambiente di prova: identità FITTIZIE, nessun dato reale.</p>
<form method="post" action="authorize">{hidden}
<fieldset><legend>Identità di prova</legend>{people}</fieldset>
<fieldset><legend>Metodo di autenticazione</legend>{methods}</fieldset>
<fieldset><legend>Livello SPID</legend>{levels}</fieldset>
<fieldset><legend>Simulazione di errore</legend>
<label for="hook">Comportamento del broker</label>
<select id="hook" name="hook">{hooks}</select></fieldset>
<button type="submit" name="action" value="login">Accedi</button>
<button type="submit" name="action" value="cancel" class="secondary">Annulla</button>
</form></main></body></html>"""


def error_page(message):
    return f"""<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>Errore</title>
<style>{STYLE}</style></head>
<body><header><h1>Broker SPID/CIE di prova</h1></header>
<main><h2>Richiesta non valida</h2><p>{escape(message)}</p></main></body></html>"""
