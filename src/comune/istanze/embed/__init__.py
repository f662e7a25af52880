"""Embedding a type's form in another site (issue 13, §4).

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

The citizen's pages themselves run in the frame (:mod:`.mode`):
``@@incorpora`` leads a signed-in citizen to ``@@presenta-istanza?incorporato=1``
and every step, up to the receipt, keeps the minimal chrome.

Login: SPID/CIE never runs inside the frame. The identity providers refuse
to be framed and the site's session cookie is ``SameSite=Lax``: a frame on
another *site* does not carry it (a Comune's www site framing its servizi
site is the same site, and the cookie goes). So an anonymous visitor's
«Presenta istanza online» opens the apply page top-level (``target="_top"``),
where the login starts and the citizen continues on the full site; a session
that expires in the middle of the form gets a framable page whose link
continues top-level (:class:`.mode.LeaveFrame`).
"""
