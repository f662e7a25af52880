"""The language switch in the header (replaces Plone's own selector).

A ``nav`` landmark with the languages named in their own language (``lang``
and ``hreflang`` on each link, ``aria-current`` on the current one); the
link keeps the page and its query (a form step), only ``set_language``
changes.
"""

from plone.app.i18n.locales.browser.selector import LanguageSelector
from plone.i18n.locales.interfaces import IContentLanguageAvailability
from urllib.parse import parse_qsl
from urllib.parse import urlencode
from zope.component import getUtility


NAMES = {"it": "Italiano", "en": "English"}


class LanguageSwitch(LanguageSelector):
    def available(self):
        return self.tool is not None and len(self.tool.getSupportedLanguages()) > 1

    def languages(self):
        """The site's languages, in their order (Plone's own builds the
        information of every known language on each page first)."""
        if self.tool is None:
            return []
        current = self.tool.getLanguageBindings(self.request)[0]
        return [{"code": code, "selected": code == current}
                for code in self.tool.getSupportedLanguages()]

    def links(self):
        url = self.request.get("ACTUAL_URL") or self.context.absolute_url()
        query = [(k, v) for k, v in parse_qsl(self.request.get("QUERY_STRING", ""))
                 if k != "set_language"]
        result = []
        for lang in self.languages():
            code = lang["code"]
            result.append({
                "code": code,
                "name": NAMES.get(code) or self.native_name(code),
                "current": lang["selected"],
                "href": f"{url}?{urlencode(query + [('set_language', code)])}",
            })
        return result

    @staticmethod
    def native_name(code):
        """A language outside ``NAMES`` by its own name (rare: looked up then)."""
        info = getUtility(IContentLanguageAvailability).getLanguages().get(code) or {}
        return info.get("native") or info.get("name") or code
