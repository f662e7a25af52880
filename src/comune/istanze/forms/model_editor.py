"""``<type>/@@modulo-xml``: edit the form's plone.supermodel XML directly."""

from comune.istanze.content.fti import FormModelError
from comune.istanze.forms.designer import save_form_model
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.i18n import translate


class ModelEditor(BrowserView):
    """Check and save the XML; a refused model stores nothing."""

    index = ViewPageTemplateFile("templates/model_editor.pt")
    error = None
    saved = False

    def __call__(self):
        self.source = self.context.form_model
        if self.request.method == "POST" and "form.button.save" in self.request.form:
            CheckAuthenticator(self.request)
            self.source = self.request.form.get("source") or ""
            try:
                save_form_model(self.context, self.source)
                self.saved = True
            except FormModelError as exc:
                self.error = translate(exc.args[0], context=self.request)
        return self.index()
