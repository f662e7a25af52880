"""Shared fixtures: published application types and citizens."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.identity.names import record_names
from comune.istanze.identity.session import session_cookie
from comune.istanze.workflow import submission
from comune.istanze.fakes import fiscal_code
from contextlib import contextmanager
from datetime import datetime
from datetime import timedelta
from plone import api
from plone.app.testing import login as plone_testing_login
from zope.globalrequest import getRequest

import pytest
import requests


FORM_XML = """<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:form="http://namespaces.plone.org/supermodel/form"
       xmlns:istanze="http://namespaces.comune.istanze/supermodel">
  <schema>
    <fieldset name="nucleo" label="Nucleo familiare">
      <field name="componenti" type="zope.schema.Int">
        <title>Componenti del nucleo</title>
        <min>1</min>
      </field>
      <field name="isee" type="zope.schema.Float">
        <title>Valore ISEE</title>
      </field>
    </fieldset>
    <fieldset name="alloggio" label="Alloggio">
      <field name="indirizzo" type="zope.schema.TextLine">
        <title>Indirizzo dell'alloggio</title>
      </field>
      <field name="canone" type="zope.schema.Int">
        <title>Canone mensile</title>
        <required>False</required>
      </field>
    </fieldset>
  </schema>
</model>
"""

CITIZEN_PASSWORD = "secret-Cittadino-1"


def make_type(container, code="CONTAFF", title="Contributo affitto", xml=FORM_XML, **kw):
    """Create and publish an application type (as the site owner)."""
    now = datetime.now()
    values = dict(
        code=code,
        office="Ufficio Casa",
        office_email="casa@comune.example",
        opening=now - timedelta(days=1),
        closing=now + timedelta(days=30),
        applicant_kinds=["self", "family"],
        min_loa="SpidL2",
        classification="7.1",
        retention_years=10,
        processing_days=30,
        survey_enabled=True,
        form_model=xml,
        attachments=[{"name": "Contratto di locazione", "required": True,
                      "mime_types": "pdf", "max_size_mb": 1}],
    )
    values.update(kw)
    with api.env.adopt_roles(["Manager"]):
        obj = api.content.create(container=container, type="ApplicationType", title=title, **values)
        api.content.transition(obj=obj, transition="publish")
    return obj


# user id -> (method, level) of the SPID/CIE/CNS login each test citizen makes
# when a test logs them in (login(), http_session(), chromium_page()).
SPID_LOGINS = {}


def make_citizen(first="Mario", last="Rossi", auth_method="spid", loa="SpidL2", **kw):
    """A citizen as the SPID/CIE login leaves them: user id = codice fiscale,
    names in the identity store. ``auth_method``/``loa`` are the method and
    level of the login the tests' helpers give them; ``auth_method="password"``
    makes a plain password account instead (no SPID identity)."""
    cf = kw.pop("fiscal_code", None) or fiscal_code(first, last, **kw)
    with api.env.adopt_roles(["Manager"]):
        user = api.user.create(
            username=cf,
            email=f"{cf.lower()}@cittadini.example",
            password=CITIZEN_PASSWORD,
            properties={"fullname": f"{first} {last}"},
        )
    if auth_method == "password":
        SPID_LOGINS.pop(cf, None)
    else:
        record_names(cf, first, last)
        SPID_LOGINS[cf] = (auth_method, loa)
    return user


def spid_cookie(user_id, method=None, level=None):
    """(name, value) of the session cookie of ``user_id``'s SPID/CIE login
    (the ticket the login view issues), or None for a password account."""
    default = SPID_LOGINS.get(user_id)
    if default is None and method is None:
        return None
    method, level = method or default[0], level or default[1]
    return session_cookie(user_id, method, level)


def login(portal, user_id, method=None, level=None):
    """plone.app.testing's login plus the session cookie of that login on the
    test request: a SPID/CIE session for citizens made by make_citizen (or
    when ``method``/``level`` are given), none for everyone else."""
    plone_testing_login(portal, user_id)
    cookie = spid_cookie(user_id, method, level)
    for request in {id(r): r for r in (portal.REQUEST, getRequest()) if r is not None}.values():
        if cookie:
            request.cookies[cookie[0]] = cookie[1]
        else:
            request.cookies.pop("__ac", None)


def http_session(user_id=None, password=CITIZEN_PASSWORD, method=None, level=None, session=None):
    """A requests.Session logged in as ``user_id``: with the SPID session cookie
    for citizens made by make_citizen, with basic auth (a password session)
    for everyone else."""
    session = session or requests.Session()
    cookie = spid_cookie(user_id, method, level) if user_id else None
    if cookie:
        session.cookies.set(*cookie)
    elif user_id:
        session.auth = (user_id, password)
    return session


@pytest.fixture
def app_type(portal):
    return make_type(portal)


@pytest.fixture
def citizen(portal):
    return make_citizen()


@pytest.fixture
def as_citizen(portal, citizen):
    login(portal, citizen.getId())
    return citizen


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit_as(portal, type_obj, user, isee=9000.0, componenti=3):
    login(portal, user.getId())
    app = submission.create_draft(type_obj)
    app.componenti, app.isee, app.indirizzo = componenti, isee, "Via Roma 1"
    add_attachment(app, "Contratto di locazione", PDF, "c.pdf", user.getId())
    submission.submit(app)
    return app


def make_staff(user_id, obj, role):
    with api.env.adopt_roles(["Manager"]):
        user = api.user.create(username=user_id, email=f"{user_id}@comune.example",
                               password="staff-Password-1", properties={"fullname": user_id.title()})
        api.user.grant_roles(username=user_id, obj=obj, roles=[role])
    return user


@pytest.fixture
def office(portal):
    """Two types, each with its own staff, and applications from two citizens."""
    casa = make_type(portal, code="CASA", title="Contributo affitto")
    mensa = make_type(portal, code="MENSA", title="Mensa")
    mario = make_citizen("Mario", "Rossi")
    giulia = make_citizen("Giulia", "Bianchi", female=True)
    apps = [submit_as(portal, casa, mario, isee=float(1000 * i)) for i in range(1, 4)]
    apps.append(submit_as(portal, casa, giulia, isee=500.0))
    apps.append(submit_as(portal, mensa, giulia))
    make_staff("istruttore", casa, "Istruttore")
    make_staff("mensa_staff", mensa, "Istruttore")
    return {"casa": casa, "mensa": mensa, "mario": mario, "giulia": giulia, "apps": apps}


def install_mailhost(portal):
    """Replace the site's MailHost with plone.app.testing's MockMailHost."""
    from plone.app.testing.utils import MockMailHost
    from Products.MailHost.interfaces import IMailHost
    from zope.component import getSiteManager

    api.portal.set_registry_record("plone.email_from_address", "istanze@comune.example")
    api.portal.set_registry_record("plone.email_from_name", "Comune di Esempio")
    portal.MailHost = mailhost = MockMailHost("MailHost")
    sm = getSiteManager(context=portal)
    sm.unregisterUtility(provided=IMailHost)
    sm.registerUtility(mailhost, provided=IMailHost)
    return mailhost


@pytest.fixture
def mailhost(portal):
    return install_mailhost(portal)


# Browser tests (Playwright, Debian's Chromium).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def launch_chromium(playwright):
    """Debian's Chromium (never a downloaded browser), headless, no network."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


@contextmanager
def chromium_page(base=None, user_id=None, password=CITIZEN_PASSWORD, **page_options):
    """A page of Debian's Chromium (Italian, 60 s timeouts), logged in to
    Plone as ``user_id`` when given (citizens with their SPID session cookie,
    others through Plone's login form); the browser closes on exit. More pages
    of the same browser: ``web.context.browser.new_page(locale="it-IT")`` (without a
    locale Chromium asks for English, and the site answers in English)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            web = browser.new_page(**{"locale": "it-IT", **page_options})
            web.set_default_timeout(60000)
            cookie = spid_cookie(user_id) if user_id else None
            if cookie:  # a citizen: the session of their SPID/CIE login
                web.context.add_cookies([{"name": cookie[0], "value": cookie[1], "url": base}])
            elif user_id:
                plone_login(web, base, user_id, password)
            yield web
        finally:
            browser.close()


def plone_login(web, base, user_id, password=CITIZEN_PASSWORD):
    """Log in through Plone's own login form in a Playwright page."""
    from playwright.sync_api import expect

    web.goto(base + "/login")
    web.fill("input[name='__ac_name']", user_id)
    web.fill("input[name='__ac_password']", password)
    web.locator("#LoginForm [name='buttons.login']").click()
    web.wait_for_load_state()
    expect(web.locator("#LoginForm")).to_have_count(0)


WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
        "resultTypes": ["violations"]}


def wcag_violations(web, context="#content"):
    """WCAG 2.1 A/AA violations axe-core finds in ``context`` of the page
    (the page's own content: the theme and toolbar are Plone's)."""
    from axe_playwright_python.sync_playwright import Axe

    web.wait_for_load_state()
    found = Axe().run(web, context=context, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in found]


def page_violations(web):
    """WCAG 2.1 A/AA violations axe-core finds in the WHOLE page (header,
    toolbar, footer included), one readable line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    web.wait_for_load_state()
    found = Axe().run(web, options=WCAG).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:4]}"
            for v in found]


def queued_emails(portal):
    """The emails waiting in the outbox (job data: to, subject, body)."""
    from comune.istanze.outbox.queue import all_jobs

    return [job.data for job in all_jobs(portal) if job.kind == "email"]


class SavedSteps:
    """What the worker gives a handler: saved steps (committed by the worker)."""

    def __init__(self, job):
        self.job = job

    def save(self, step, value=True):
        self.job.results[step] = value


def deliver_queued_emails(portal):
    """Do what the outbox worker does for email jobs: send them via MailHost."""
    from comune.istanze.outbox.email import EmailJobHandler
    from comune.istanze.outbox.queue import all_jobs
    from comune.istanze.outbox.queue import mark_done

    sent = 0
    for job in all_jobs(portal):
        if job.kind == "email" and job.state != "done":
            EmailJobHandler().run(job, None, SavedSteps(job))
            mark_done(portal, job)
            sent += 1
    return sent
