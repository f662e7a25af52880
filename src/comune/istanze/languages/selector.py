"""The language switch in the header (replaces Plone's own selector).

A ``nav`` landmark with the languages named in their own language (``lang``
and ``hreflang`` on each link, ``aria-current`` on the current one); the
link keeps the page and its query (a form step), only ``set_language``
changes.
"""

from plone.app.i18n.locales.browser.selector import LanguageSelector
from urllib.parse import parse_qsl
from urllib.parse import urlencode


NAMES = {"it": "Italiano", "en": "English"}


class LanguageSwitch(LanguageSelector):
    def available(self):
        return self.tool is not None and len(self.tool.getSupportedLanguages()) > 1

    def links(self):
        url = self.request.get("ACTUAL_URL") or self.context.absolute_url()
        query = [(k, v) for k, v in parse_qsl(self.request.get("QUERY_STRING", ""))
                 if k != "set_language"]
        result = []
        for lang in self.languages():
            code = lang["code"]
            result.append({
                "code": code,
                "name": NAMES.get(code) or lang.get("native") or lang.get("name") or code,
                "current": lang["selected"],
                "href": f"{url}?{urlencode(query + [('set_language', code)])}",
            })
        return result
