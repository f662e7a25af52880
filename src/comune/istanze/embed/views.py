"""``<type>/@@incorpora`` (the framed page) and ``@@incorpora.js`` (the parent's script)."""

from comune.istanze.browser.application_type import ApplicationTypeView
from comune.istanze.embed.headers import make_framable
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlsplit

import json


MESSAGE_TYPE = "comune.istanze:altezza"
EMBED_VIEW = "@@incorpora"


def site_origin() -> str:
    parts = urlsplit(api.portal.get().absolute_url())
    return f"{parts.scheme}://{parts.netloc}"


class EmbedView(ApplicationTypeView):
    """The type's essentials with a minimal chrome, framable by the allowed sites."""

    index = ViewPageTemplateFile("templates/embed.pt")

    @property
    def height_script(self):
        from comune.istanze.embed.mode import HEIGHT_SCRIPT

        return HEIGHT_SCRIPT

    def __call__(self):
        make_framable(self.request)
        self.request.response.setHeader("Cache-Control", "private, no-cache")
        return self.index()

    def language(self):
        return api.portal.get_registry_record("plone.default_language", default="it") or "it"

    def site_title(self):
        return api.portal.get().Title()

    def page_url(self):
        return self.context.absolute_url()

    def frame_apply_url(self):
        """In the frame for a signed-in citizen; top-level for the login."""
        from comune.istanze.embed.mode import with_param

        if api.user.is_anonymous():
            return self.apply_url()
        return with_param(self.apply_url())

    def apply_target(self):
        return "_top" if api.user.is_anonymous() else None


PARENT_SCRIPT = """(function () {
  "use strict";
  var ORIGIN = %(origin)s, TYPE = %(type)s, VIEW = %(view)s;
  var me = document.currentScript;
  var frames = [];
  function ours(frame) {
    var src = frame.getAttribute("src") || "";
    return src.indexOf(ORIGIN + "/") === 0 && src.indexOf("/" + VIEW) > 0;
  }
  if (me && me.getAttribute("data-tipologia")) {
    var frame = document.createElement("iframe");
    frame.src = me.getAttribute("data-tipologia").replace(/\\/$/, "") + "/" + VIEW;
    frame.title = me.getAttribute("data-titolo") || "Presenta istanza online";
    frame.setAttribute("loading", "lazy");
    frame.style.width = "100%%";
    frame.style.border = "0";
    frame.style.minHeight = "20rem";
    me.parentNode.insertBefore(frame, me.nextSibling);
  }
  window.addEventListener("message", function (event) {
    if (event.origin !== ORIGIN) { return; }
    var data = event.data;
    if (!data || data.type !== TYPE || typeof data.height !== "number") { return; }
    var all = document.getElementsByTagName("iframe");
    for (var i = 0; i < all.length; i++) {
      if (all[i].contentWindow === event.source && ours(all[i])) {
        all[i].style.height = Math.max(0, Math.min(Math.ceil(data.height), 20000)) + "px";
      }
    }
  });
})();
"""


class ParentScript(BrowserView):
    """The script the other site includes: creates the iframe (``data-tipologia``)
    and sizes it from the embedded page's messages, checking their origin."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/javascript; charset=utf-8")
        response.setHeader("Cache-Control", "public, max-age=3600")
        return PARENT_SCRIPT % {
            "origin": json.dumps(site_origin()),
            "type": json.dumps(MESSAGE_TYPE),
            "view": json.dumps(EMBED_VIEW),
        }
