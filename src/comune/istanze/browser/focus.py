"""The citizen's flow pages (start, steps, receipt) without portlet columns.

Header, toolbar, breadcrumbs and footer stay: the page is judged whole. The
side columns (navigation and other portlets) are left out: they are
distractions in a form a citizen fills in on a phone, and looking them up
on every step (portlet assignments, navigation tree) costs a third of the
step page's rendering at a deadline (benchmarks/p1_browser.py).
"""


def focus_on_the_form(request):
    for column in ("plone.leftcolumn", "plone.rightcolumn"):
        request.set(f"disable_{column}", True)
