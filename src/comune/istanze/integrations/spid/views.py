"""``@@spid-login``, ``@@accedi`` and the header button "Entra con SPID / CIE"."""

from authomatic import Authomatic
from authomatic.exceptions import SessionError
from comune.istanze import _
from comune.istanze.identity import current_identity
from comune.istanze.identity.names import record_names
from comune.istanze.identity.session import start_session
from comune.istanze.integrations.spid import errors
from comune.istanze.integrations.spid import login_url
from comune.istanze.integrations.spid.errors import LoginRefused
from comune.istanze.integrations.spid.flowstate import FlowState
from comune.istanze.integrations.spid.provider import PROVIDER_NAME
from pas.plugins.authomatic.integration import ZopeRequestAdapter
from pas.plugins.authomatic.utils import authomatic_cfg
from pas.plugins.authomatic.utils import authomatic_plugin
from pas.plugins.authomatic.utils import authomatic_settings
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getMultiAdapter
from zope.i18n import translate
from urllib.parse import urlsplit
from zope.interface import alsoProvides

import http.cookies
import logging


logger = logging.getLogger(__name__)

CAME_FROM_COOKIE = "comune_istanze_came_from"
METHOD_LABELS = {"spid": "SPID", "cie": "CIE", "cns": "CNS"}
NO_RETURN_PAGES = ("accedi", "spid-login", "login", "login_form", "logged_out",
                   "logout", "require_login")


def grant_member_role(user_id):
    """Citizens are Members (they may apply), nothing more; written once."""
    role_manager = api.portal.get_tool("acl_users").portal_role_manager
    if "Member" not in role_manager.getRolesForPrincipal(api.user.get(userid=user_id)):
        role_manager.assignRoleToPrincipal("Member", user_id)


class SpidRequestAdapter(ZopeRequestAdapter):
    """The redirect URI registered at the broker: ``<portal>/@@spid-login``."""

    @property
    def url(self):
        return f"{api.portal.get().absolute_url()}/@@spid-login"

    @property
    def cookies(self):
        cookie = http.cookies.SimpleCookie()
        cookie.load(self.view.request.get("HTTP_COOKIE", ""))
        return {k: c.value for k, c in cookie.items()}


class SpidLoginView(BrowserView):
    """Start a SPID/CIE login (``?acr=SpidL3&came_from=...``) and finish it."""

    refused_template = ViewPageTemplateFile("templates/login_refused.pt")
    error = None

    def __call__(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        response = self.request.response
        response.setHeader("Cache-Control", "no-store, private")
        response.setHeader("X-Robots-Tag", "noindex, nofollow")
        form = self.request.form
        cfg = authomatic_cfg()
        if not cfg or PROVIDER_NAME not in cfg:
            return self.refused(errors.not_configured())
        starting = not (form.get("code") or form.get("error"))
        if starting:
            self._remember_came_from(form.get("came_from"))
        secret = authomatic_settings().secret
        secure = self.request.get("SERVER_URL", "").startswith("https:")
        auth = Authomatic(cfg, secret=secret, report_errors=True, secure_cookie=secure)
        try:
            flow = FlowState(self.request, secret, self._flow_path(), secure)
            result = auth.login(SpidRequestAdapter(self), PROVIDER_NAME,
                                session=flow, session_saver=flow.save)
        except Exception as exc:  # configuration errors: never a traceback
            logger.exception("Accesso SPID/CIE non riuscito")
            return self.refused(exc)
        if not result:
            return ""  # redirected to the broker
        flow.clear_cookie()
        if result.error:
            return self.refused(result.error)
        identity = result.user.data
        authomatic_plugin().remember(result)
        user_id = identity["fiscal_code"]
        if api.user.get_current().getId() != user_id:  # the CF is the user id
            logger.error("Utente SPID/CIE con id diverso dal codice fiscale: %s",
                         api.user.get_current().getId())
            return self.refused(errors.bad_identity())
        record_names(user_id, identity["first_name"], identity["last_name"])
        start_session(user_id, identity["auth_method"], identity["loa"], response)
        grant_member_role(user_id)
        api.portal.show_message(
            _("Accesso effettuato: ${name} (${method}, livello ${level}).",
              mapping={"name": identity["fullname"],
                       "method": METHOD_LABELS[identity["auth_method"]],
                       "level": identity["loa"][-1]}),
            self.request,
        )
        response.redirect(self._pop_came_from())
        return ""

    def _flow_path(self):
        return urlsplit(SpidRequestAdapter(self).url).path or "/"

    def _remember_came_from(self, came_from):
        portal_url = api.portal.get_tool("portal_url")
        if came_from and portal_url.isURLInPortal(came_from):
            self.request.response.setCookie(CAME_FROM_COOKIE, came_from, path="/",
                                            http_only=True, same_site="Lax")
        else:
            self.request.response.expireCookie(CAME_FROM_COOKIE, path="/")

    def _pop_came_from(self):
        came_from = self.request.cookies.get(CAME_FROM_COOKIE, "")
        self.request.response.expireCookie(CAME_FROM_COOKIE, path="/")
        if came_from and api.portal.get_tool("portal_url").isURLInPortal(came_from):
            return came_from
        return api.portal.get().absolute_url()

    def refused(self, error):
        if isinstance(error, SessionError):
            error = errors.expired_session()
        if not isinstance(error, LoginRefused):
            logger.error("Accesso SPID/CIE rifiutato: %r", error)
            error = LoginRefused(
                "failed", _("Accesso con SPID/CIE non riuscito. Riprova più tardi."), 500
            )
        expected = error.reason in ("cancelled", "level_too_low", "not_configured")
        logger.log(logging.INFO if expected else logging.WARNING,
                   "Accesso SPID/CIE rifiutato: %s", error.reason)
        self.error = error
        self.request.response.setStatus(error.status)
        self.request.response.expireCookie(CAME_FROM_COOKIE, path="/")
        return self.refused_template()

    def message(self):
        return translate(self.error.message, context=self.request)

    def retry_url(self):
        return f"{api.portal.get().absolute_url()}/@@accedi"


class SpidButtonMixin:
    """What the button needs: where to start the login, back to here."""

    button_macros = ViewPageTemplateFile("templates/button.pt")

    def spid_login_url(self):
        came_from = self.request.form.get("came_from") or self.request.get("ACTUAL_URL", "")
        last = came_from.rstrip("/").rpartition("/")[2].removeprefix("@@")
        if last in NO_RETURN_PAGES:  # login pages: back home instead
            came_from = None
        return login_url(api.portal.get().absolute_url(), came_from=came_from)

    def staff_login_url(self):
        return f"{api.portal.get().absolute_url()}/login"


class AccediView(SpidButtonMixin, BrowserView):
    """``@@accedi``: the citizens' login page (SPID/CIE), staff link aside."""

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "no-store, private")
        return self.index()

    def identity(self):
        return current_identity()


class SpidButtonViewlet(SpidButtonMixin, ViewletBase):
    """Header: the SPID/CIE button for anonymous visitors; after the login,
    for whoever has no toolbar, the name, "Area personale" and "Esci"."""

    index = ViewPageTemplateFile("templates/viewlet.pt")

    def update(self):
        super().update()
        self.identity = current_identity()
        self.anonymous = self.identity is None

    def is_citizen(self):
        return self.identity is not None and self.identity.from_identity_provider

    def show_identity(self):
        """Who has no toolbar here (citizens, staff outside their types)
        finds their name, the personal area and the logout in the header."""
        if self.identity is None:
            return False
        state = getMultiAdapter((self.context, self.request), name="plone_context_state")
        return not state.is_toolbar_visible()

    def personal_area_url(self):
        return f"{api.portal.get().absolute_url()}/@@area-personale"

    def method_label(self):
        return METHOD_LABELS.get(self.identity.auth_method, "")

    def level(self):
        return (self.identity.loa or "")[-1:]
