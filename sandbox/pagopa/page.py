"""The sandbox checkout page: the cart's notices, "Paga" and "Annulla"."""

from html import escape


STYLE = ("body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
         "table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;"
         "padding:.4rem;text-align:left}button{font-size:1.1rem;margin:1rem .5rem 0 0;"
         "padding:.5rem 1.5rem}")


def _euro(cents):
    return f"{cents // 100},{cents % 100:02d} €"


def render(cart_id, cart, platform):
    notices = cart["request"]["paymentNotices"]
    rows = "".join(
        f"<tr><td>{escape(n['description'])}</td><td>{escape(n['companyName'])}</td>"
        f"<td>{escape(n['noticeNumber'])}</td><td>{_euro(n['amount'])}</td></tr>"
        for n in notices)
    total = _euro(sum(n["amount"] for n in notices))
    done = ""
    if cart["outcome"]:
        done = f"<p role='status'>Carrello già chiuso: {escape(cart['outcome'])}.</p>"
    return f"""<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>Checkout pagoPA (prova)</title>
<style>{STYLE}</style></head><body><main>
<h1>Checkout pagoPA di prova</h1>
<p>Ambiente di prova: nessun pagamento reale.</p>{done}
<table><caption>Avvisi nel carrello</caption>
<thead><tr><th scope="col">Oggetto</th><th scope="col">Ente</th>
<th scope="col">Codice avviso</th><th scope="col">Importo</th></tr></thead>
<tbody>{rows}</tbody></table>
<p>Totale: <strong id="totale">{total}</strong></p>
<form method="post" action="/checkout/carrello/{escape(cart_id)}/paga" style="display:inline">
<button type="submit" id="paga">Paga</button></form>
<form method="post" action="/checkout/carrello/{escape(cart_id)}/annulla" style="display:inline">
<button type="submit" id="annulla">Annulla</button></form>
</main></body></html>""".encode("utf-8")


def not_found():
    return ("<!DOCTYPE html><html lang='it'><head><meta charset='utf-8'><title>Carrello "
            "non trovato</title></head><body><main><h1>Carrello non trovato</h1></main>"
            "</body></html>").encode("utf-8")
