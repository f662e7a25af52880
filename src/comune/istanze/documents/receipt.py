"""The PDF/A receipt of a submitted application (WeasyPrint, PDF/A-3b).

It shows the Comune, the type, number, applicant (and beneficiary), date and
time, the answers rendered with the application's own form version, the
attachments with their SHA-256 and, once registered, the protocol number and
date: the registered version is the final one.
"""

from chameleon import PageTemplateFile
from comune.istanze.documents.attachments import attachments_of
from comune.istanze.representation.display import statement
from comune.istanze.documents.store import add_document
from comune.istanze import _
from comune.istanze.forms.english import spec_name
from comune.istanze.forms.english import type_texts
from comune.istanze.forms.rendering import render_answers
from comune.istanze.signatures.display import outcome_text
from plone import api
from types import SimpleNamespace
from weasyprint import HTML
from zope.i18n import translate

import os


PDF_VARIANT = "pdf/a-3b"
RECEIPT_KIND = "receipt"
_template = PageTemplateFile(
    os.path.join(os.path.dirname(__file__), "templates", "receipt.pt")
)


def _comune_name():
    return api.portal.get_registry_record(
        "comune.istanze.comune_name", default="Comune"
    )


def receipt_html(app, protocol=None, summary=False):
    """HTML of the receipt; ``protocol`` is a dict number/date/register;
    ``summary``: the summary of a front-desk draft, to be signed on paper."""
    from comune.istanze.frontdesk.drafts import receipt_note

    type_obj = app.application_type()
    language = app.language or "it"  # the language the citizen submitted in
    at = " at " if language == "en" else " alle "
    submitted = app.submitted.strftime(f"%d/%m/%Y{at}%H:%M") if app.submitted else "—"
    names = {spec.get("name"): spec_name(spec, language) for spec in type_obj.attachments or []}
    beneficiary = ""
    if app.beneficiary_id:
        beneficiary = f"{app.beneficiary_name or ''} ({app.beneficiary_id})".strip()
    represented = statement(app)  # who acts for whom (comune.istanze.representation)
    return _template(
        translate=_translator(language),
        target_language=language,
        language=language,
        pages=_page_footer(language),
        comune=_comune_name(),
        office=type_obj.office or "",
        type_title=type_texts(type_obj, language)[0],
        number=app.number or "—",
        submitted=submitted,
        applicant=f"{app.applicant_name or ''} ({app.applicant_id})",
        beneficiary=beneficiary,
        represented=represented,
        protocol=protocol,
        frontdesk=receipt_note(app),
        summary=summary,
        sections=render_answers(app, language),
        attachments=[
            SimpleNamespace(spec=names.get(a.spec) or a.spec, filename=a.filename, sha256=a.sha256,
                            signature=outcome_text(a.signature))
            for a in sorted(attachments_of(app), key=lambda a: (a.spec, a.filename))
        ],
    )


def _translator(language):
    """The template's i18n: every message in the application's language."""
    def translator(msgid, domain=None, mapping=None, context=None, target_language=None,
                   default=None, **kw):
        return translate(msgid, domain=domain or "comune.istanze", mapping=mapping,
                         target_language=language, default=default)
    return translator


def _page_footer(language):
    """"Pagina N di M" around the CSS counters: the three text parts."""
    text = translate(_("Pagina ${page} di ${pages}", mapping={"page": "\x00", "pages": "\x01"}),
                     target_language=language)
    before, rest = text.split("\x00")
    middle, after = rest.split("\x01")
    return before, middle, after


def receipt_pdf(app, protocol=None):
    """The receipt as PDF/A bytes."""
    return HTML(string=receipt_html(app, protocol)).write_pdf(pdf_variant=PDF_VARIANT)


def store_receipt(app, protocol=None):
    """Generate the receipt and store it, superseding the previous one."""
    data = receipt_pdf(app, protocol)
    final = " (protocollata)" if protocol else ""
    return add_document(
        app,
        RECEIPT_KIND,
        f"Ricevuta dell'istanza {app.number}{final}",
        data,
        f"ricevuta-{app.number}.pdf",
        "application/pdf",
        visible_to_citizen=True,
        supersede=True,
    )
