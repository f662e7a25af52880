"""The public page of an application type ("Tipologia di istanza").

Everything a citizen needs before applying: office, legal basis, the
submission window, who may apply, required attachments, processing time,
minimum authentication level, privacy notice, and the "Presenta istanza"
button (disabled, with the reason, when the service is not open).
"""

from comune.istanze import _
from comune.istanze.browser.focus import cached_chrome
from comune.istanze.content.vocabularies import APPLICANT_KINDS
from comune.istanze.forms.english import language_of
from comune.istanze.forms.english import spec_name
from comune.istanze.forms.english import type_texts
from comune.istanze.content.vocabularies import LEVELS_OF_ASSURANCE
from datetime import datetime
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


KIND_TITLES = dict(APPLICANT_KINDS)
LOA_TITLES = dict(LEVELS_OF_ASSURANCE)
DATETIME_FORMAT = "%d/%m/%Y alle %H:%M"


def _naive(value):
    return value.replace(tzinfo=None) if value is not None and value.tzinfo else value


def _when(value):
    return value.strftime(DATETIME_FORMAT) if value else ""


class ApplicationTypeView(BrowserView):
    index = ViewPageTemplateFile("application_type.pt")

    def __call__(self):
        cached_chrome(self.request)  # resource links, sections, footer: browser/focus.py
        return self.index()

    def window(self, now=None):
        """{"open": bool, "message": Italian text} of the submission window."""
        context = self.context
        now = now or datetime.now()
        opening, closing = _naive(context.opening), _naive(context.closing)
        published = (
            bool(context.published_type)
            and api.content.get_state(context) == "published"
        )
        if not published:
            state, message = (
                "unavailable",
                _("Il servizio non è ancora disponibile online."),
            )
        elif opening is None or closing is None:
            state = "unavailable"
            message = _("Le date di presentazione non sono ancora definite.")
        elif now < opening:
            state = "not_yet"
            message = _(
                "La presentazione si apre il ${when}.", mapping={"when": _when(opening)}
            )
        elif now > closing:
            state = "closed"
            message = _(
                "La presentazione si è chiusa il ${when}.",
                mapping={"when": _when(closing)},
            )
        else:
            state = "open"
            message = _(
                "Presentazione aperta fino al ${when}.",
                mapping={"when": _when(closing)},
            )
        return {"open": state == "open", "state": state, "message": message}

    def apply_url(self):
        return self.context.absolute_url() + "/@@presenta-istanza"

    def direct_start(self):
        """True when «Presenta istanza» can start the draft itself (a form
        posted to ``@@presenta-istanza``, one request less): a logged-in
        visitor, one way of applying (for oneself, nothing to choose or
        fill in) and no draft of this type to resume (the start page lists
        them)."""
        from comune.istanze.forms.apply import my_drafts

        if (self.context.applicant_kinds or ["self"]) != ["self"] or api.user.is_anonymous():
            return False
        return not my_drafts(self.context, api.user.get_current().getId())

    def applicant_kinds(self):
        return [
            KIND_TITLES[k]
            for k in self.context.applicant_kinds or ["self"]
            if k in KIND_TITLES
        ]

    def min_loa(self):
        return LOA_TITLES.get(self.context.min_loa, self.context.min_loa)

    def texts(self):
        """(title, description) in the visitor's language."""
        return type_texts(self.context, language_of(self.request))

    def attachments(self):
        rows = []
        for spec in self.context.attachments or []:
            types = ", ".join(
                t.strip().upper()
                for t in (spec.get("mime_types") or "").split(",")
                if t.strip()
            )
            rows.append(
                {
                    "name": spec_name(spec, language_of(self.request)),
                    "required": _("Obbligatorio")
                    if spec.get("required")
                    else _("Facoltativo"),
                    "types": types,
                    "max_size": spec.get("max_size_mb"),
                }
            )
        return rows

    def legal_basis(self):
        return [
            line
            for line in (self.context.legal_basis or "").splitlines()
            if line.strip()
        ]

    def privacy_html(self):
        notice = self.context.privacy_notice
        return notice.output_relative_to(self.context) if notice else ""
