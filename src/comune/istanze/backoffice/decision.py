"""Decision and letter documents generated from a template (PDF/A-3b)."""

from comune.istanze.documents.receipt import PDF_VARIANT
from datetime import datetime
from html import escape
from plone import api
from weasyprint import HTML


TEMPLATE = """<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><title>{title}</title>
<style>
@page {{ size: A4; margin: 2cm; }}
body {{ font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; }}
header {{ border-bottom: 1px solid #333; margin-bottom: 1.5em; }}
.meta td {{ padding: 2px 8px 2px 0; }}
.body {{ white-space: pre-line; overflow-wrap: break-word; }}
</style></head>
<body>
<header><h1>{comune}</h1><p>{office}</p></header>
<h2>{title}</h2>
<table class="meta">
<tr><td>Istanza</td><td>{number} — {type_title}</td></tr>
<tr><td>Richiedente</td><td>{applicant}</td></tr>
<tr><td>Data</td><td>{date}</td></tr>
</table>
<div class="body">{body}</div>
<p>Il responsabile del procedimento<br>{signer}</p>
</body></html>
"""


def decision_html(app, title, body):
    type_obj = app.application_type()
    user = api.user.get_current()
    return TEMPLATE.format(
        title=escape(title),
        comune=escape(api.portal.get_registry_record("comune.istanze.comune_name", default="Comune")),
        office=escape(type_obj.office or ""),
        number=escape(app.number or ""),
        type_title=escape(type_obj.title),
        applicant=escape(f"{app.applicant_name or ''} ({app.applicant_id})"),
        date=datetime.now().strftime("%d/%m/%Y"),
        body=escape(body),
        signer=escape(user.getProperty("fullname", "") or user.getId()),
    )


def decision_pdf(app, title, body):
    return HTML(string=decision_html(app, title, body)).write_pdf(pdf_variant=PDF_VARIANT)
