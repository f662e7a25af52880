"""A refusal that escapes a request is a refusal, never a server error.

:class:`~comune.istanze.workflow.errors.ApplicationError` raised anywhere in
a request (typically a transition rule's refusal, from ``@workflow``,
``content_status_modify`` or any page) reaches the publisher, which aborts
the transaction and renders this exception view: the error's status
(400/401/403) and its Italian message, as the product's JSON refusal for
REST clients (``restapi/errors.py``) or as a page for browsers.
"""

from Acquisition import aq_inner
from comune.istanze.interfaces import IApplication
from comune.istanze.restapi.errors import error_body
from comune.istanze.restapi.errors import text
from plone import api
from plone.rest.interfaces import IAPIRequest
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from html import escape

import json
import logging


logger = logging.getLogger(__name__)


class RefusalView(BrowserView):
    """``index.html`` of ApplicationError."""

    template = ViewPageTemplateFile("templates/refusal.pt")

    def __call__(self):
        exc, request = self.context, self.request
        response = request.response
        response.setStatus(getattr(exc, "status", 400), lock=True)
        response.setHeader("Cache-Control", "private, no-store")
        if IAPIRequest.providedBy(request) or "text/html" not in request.getHeader("Accept", ""):
            response.setHeader("Content-Type", "application/json")
            return json.dumps(error_body(exc, request))
        self.message = text(exc.message, request)
        parent = getattr(self, "__parent__", None)
        self.context = aq_inner(parent) if parent is not None else api.portal.get()
        try:
            return self.template()
        except Exception:  # the refusal must reach the user even if the theme fails
            logger.exception("Refusal page could not be rendered")
            return f"<!DOCTYPE html><html lang=\"it\"><body><p>{escape(self.message)}</p></body></html>"

    def back_url(self):
        for obj in aq_inner(self.context).aq_chain:
            if IApplication.providedBy(obj):
                return obj.absolute_url()
        return None
