"""Italian first, English too: the visitor's language and the switch in the header.

Plone negotiates the language of each request (``plone.i18n``): a choice
made with ``?set_language=`` is kept in the ``I18N_LANGUAGE`` cookie, and
without it the browser's ``Accept-Language`` decides, among the site's
languages; Italian otherwise. :func:`enable_language_choice` turns that on.
"""

from plone.registry.interfaces import IRegistry
from zope.component import getUtility


LANGUAGES = ("it", "en")


def enable_language_choice(context=None):
    """Italian and English offered, the browser's language honoured on the
    first visit, the visitor's choice kept in a cookie. Languages the site
    already offers stay; the default language is not changed."""
    registry = getUtility(IRegistry)
    available = list(registry.get("plone.available_languages") or [])
    for code in LANGUAGES:
        if code not in available:
            available.append(code)
    registry["plone.available_languages"] = available
    registry["plone.use_cookie_negotiation"] = True
    registry["plone.use_request_negotiation"] = True
    registry["plone.use_content_negotiation"] = False
    registry["plone.authenticated_users_only"] = False
