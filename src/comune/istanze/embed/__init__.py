"""Embedding a type's page in another site (issue 13, §4).

``<type>/@@incorpora`` is the type's essentials with a minimal chrome (no
site header or footer; ``lang``, ``<title>``, a skip link, one ``<main>``)
meant for an ``<iframe>`` on another site. It is the only view that may be
framed by other origins: it answers ``Content-Security-Policy:
frame-ancestors 'self' <origins>`` with the origins listed in the registry
(``comune.istanze.embed.frame_ancestors``) and without ``X-Frame-Options``
(:mod:`.headers`); every other page keeps plone.protect's
``X-Frame-Options: SAMEORIGIN``.

The embedded page posts its height to the parent (``postMessage``); the
snippet's script (``@@incorpora.js``, the "script tag" way) creates the
iframe and accepts only messages from this site's origin and from that
iframe. The snippet is shown to editors on the type's page
(:mod:`.snippet`).

Login: the embedded page never starts SPID/CIE inside the frame. The
identity providers refuse to be framed and the site's session cookie is
``SameSite=Lax`` (a third-party frame does not carry it), so «Presenta
istanza online» opens the normal apply page in a new top-level window
(``target="_blank"``), where the citizen logs in and fills the form with the
site's own header, footer and help.
"""
