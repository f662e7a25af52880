"""The sandbox's inbox page: the messages App IO received, per citizen."""

from html import escape


STYLE = ("body{font-family:sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}"
         "article{border:1px solid #ccc;border-radius:.4rem;padding:.8rem;margin:.8rem 0}"
         "pre{white-space:pre-wrap;font-family:inherit}.meta{color:#555;font-size:.9rem}")


def _euro(cents):
    return f"{cents // 100},{cents % 100:02d} €"


def _message(m):
    content = m["content"]
    pay = content.get("payment_data")
    payment = ""
    if pay:
        payment = (f"<p class='payment'>Avviso pagoPA <strong>{escape(pay['notice_number'])}"
                   f"</strong>, importo {_euro(pay['amount'])}, ente "
                   f"{escape((pay.get('payee') or {}).get('fiscal_code', ''))}"
                   f"{' (non pagabile dopo la scadenza)' if pay.get('invalid_after_due_date') else ''}"
                   "</p>")
    due = f" — scadenza {escape(content['due_date'])}" if content.get("due_date") else ""
    return (f"<article class='io-message' data-status='{escape(m['status'])}'>"
            f"<h3>{escape(content['subject'])}</h3>"
            f"<p class='meta'>{escape(m['created_at'])} — stato {escape(m['status'])}{due}</p>"
            f"<pre>{escape(content['markdown'])}</pre>{payment}</article>")


def render(platform, fiscal_code=None):
    messages = platform.inbox(fiscal_code)
    by_cf = {}
    for m in messages:
        by_cf.setdefault(m["fiscal_code"], []).append(m)
    sections = "".join(
        f"<section class='inbox' id='{escape(cf)}'><h2>Messaggi per {escape(cf)} "
        f"({len(rows)})</h2>{''.join(_message(m) for m in reversed(rows))}</section>"
        for cf, rows in sorted(by_cf.items()))
    empty = "" if messages else "<p>Nessun messaggio ricevuto.</p>"
    return f"""<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>App IO di prova: messaggi ricevuti</title>
<style>{STYLE}</style></head><body><main>
<h1>App IO di prova: messaggi ricevuti</h1>
<p>Ambiente di prova: i messaggi non raggiungono nessun cittadino reale.</p>
{empty}{sections}
</main></body></html>""".encode("utf-8")
