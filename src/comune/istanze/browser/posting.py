"""The "start" pages (apply, front desk): a form posted once, then a redirect."""

from plone.protect import CheckAuthenticator


def start_or_render(view):
    """Render ``view.template()``; on its POST (``form.submitted``) check the
    CSRF token and call ``view.start()``, which returns the URL to go on to,
    or None after filling ``view.errors`` (the page is rendered again)."""
    view.request.response.setHeader("Cache-Control", "private, no-store")
    if view.request.method == "POST" and "form.submitted" in view.request.form:
        CheckAuthenticator(view.request)
        url = view.start()
        if url:
            view.request.response.redirect(url)
            return ""
    return view.template()
