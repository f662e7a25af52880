"""What the review step, the application page and the receipt all show:
the applicant and the attachments (with their SHA-256)."""

from comune.istanze.documents.attachments import attachments_of
from comune.istanze.signatures.display import CONTENT
from comune.istanze.signatures.display import enveloping
from comune.istanze.signatures.display import outcome_text
from comune.istanze.representation.display import statement


def human_size(size):
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def attachment_rows(app, request=None):
    """Attachments of ``app`` for templates (spec, file name, size, SHA-256,
    the signature check's outcome)."""
    base = app.absolute_url()
    return [
        {
            "id": a.id,
            "spec": a.spec,
            "filename": a.filename,
            "size": human_size(a.size),
            "mime": a.mime,
            "sha256": a.sha256,
            "url": f"{base}/@@allegato/{a.id}",
            "signature": outcome_text(a.signature, request),
            "signature_valid": bool(a.signature and a.signature.get("valid")),
            "content_url": f"{base}/@@allegato/{a.id}/{CONTENT}" if enveloping(a.signature) else None,
        }
        for a in sorted(attachments_of(app), key=lambda a: (a.spec, a.uploaded))
    ]


def applicant_summary(app):
    """Applicant, beneficiary and represented entity as display strings."""
    return {
        "name": app.applicant_name,
        "fiscal_code": getattr(app, "applicant_fiscal_code", None) or app.applicant_id,
        "email": app.applicant_email,
        "beneficiary": app.beneficiary_name and f"{app.beneficiary_name} ({app.beneficiary_id})",
        "represented": statement(app),  # who acts for whom (representation)
    }
