"""Build the benchmark site (run by ``zconsole run``; ``app`` is given).

Usage: zconsole run zope.conf benchmarks/site_setup.py <citizens> <existing> <out.json>

Creates the Plone site with collective.easyform and comune.istanze, a
published application type with a small form and one PDF attachment, an
EasyForm with the same fields plus a file field and a save-data adapter,
and fake citizens (comune.istanze.fakes). Writes what the load clients need
to ``out.json``.

A deadline rush comes at the end of a bando that has been open for weeks:
``<existing>`` other citizens have already submitted, through the product
code (application, answers, PDF, number, emails in the outbox), and the
EasyForm's save-data adapter holds as many rows. The indexes and BTrees the
rush writes into are then the size they are on a real site, not empty.
"""

from datetime import datetime
from datetime import timedelta

import json
import sys
import transaction


SITE_ID = "Plone"
TYPE_ID = "contributo-bench"
TYPE_CODE = "BENCH"
FORM_ID = "modulo-bench"
SAVER = "salva_dati"
ATTACHMENT = "Contratto di locazione"
THANKS = "Richiesta ricevuta"
PASSWORD = "bench-Cittadino-1"

_FIELDS = """
    <field name="componenti" type="zope.schema.Int">
      <title>Componenti del nucleo</title>
      <min>1</min>
    </field>
    <field name="indirizzo" type="zope.schema.TextLine">
      <title>Indirizzo dell'alloggio</title>
    </field>
    <field name="motivazione" type="zope.schema.Text">
      <title>Motivazione</title>
      <required>False</required>
    </field>"""

MODEL = (
    '<model xmlns="http://namespaces.plone.org/supermodel/schema">\n'
    "  <schema>{fields}\n  </schema>\n</model>\n"
)

ISTANZA_MODEL = MODEL.format(fields=_FIELDS)
EASYFORM_MODEL = MODEL.format(
    fields=_FIELDS
    + """
    <field name="contratto" type="plone.namedfile.field.NamedBlobFile">
      <title>Contratto di locazione</title>
    </field>"""
)
EASYFORM_ACTIONS = MODEL.format(
    fields=f"""
    <field name="{SAVER}" type="collective.easyform.actions.SaveData">
      <title>Salva i dati</title>
    </field>"""
)


def create_site(app):
    from plone.base.utils import get_installer
    from Products.CMFPlone.factory import addPloneSite
    from zope.component.hooks import setSite

    site = addPloneSite(
        app, SITE_ID, title="Comune di Esempio", distribution_name="classic",
        setup_content=False, default_language="it",
    )
    setSite(site)
    installer = get_installer(site, app.REQUEST)
    for product in ("plone.restapi", "collective.easyform", "comune.istanze"):
        installer.install_product(product)
    return site


def create_type(site):
    from plone import api

    now = datetime.now()
    obj = api.content.create(
        container=site, type="ApplicationType", id=TYPE_ID, title="Contributo (benchmark)",
        code=TYPE_CODE, office="Ufficio Casa", office_email="casa@comune.example",
        opening=now - timedelta(days=1), closing=now + timedelta(days=30),
        applicant_kinds=["self"], min_loa="SpidL2", classification="7.1",
        retention_years=10, processing_days=30, survey_enabled=False,
        form_model=ISTANZA_MODEL,
        attachments=[{"name": ATTACHMENT, "required": True, "mime_types": "pdf", "max_size_mb": 1}],
    )
    api.content.transition(obj=obj, transition="publish")
    return obj


def create_easyform(site):
    from plone import api

    form = api.content.create(
        container=site, type="EasyForm", id=FORM_ID, title="Modulo (benchmark)",
        fields_model=EASYFORM_MODEL, actions_model=EASYFORM_ACTIONS, thankstitle=THANKS,
    )
    api.content.transition(obj=form, transition="publish")
    return form


def create_citizens(count, offset=0):
    from comune.istanze.fakes import fiscal_code
    from comune.istanze.fakes import FIRST_NAMES
    from comune.istanze.fakes import LAST_NAMES
    from comune.istanze.identity.names import record_names
    from comune.istanze.identity.session import session_cookie
    from plone import api
    from plone.protect.authenticator import createToken

    citizens = []
    for i in range(offset, offset + count):
        first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[(i // 8) % len(LAST_NAMES)]
        cf = fiscal_code(first, last, 1940 + i % 60, 1 + (i // 60) % 12, 1 + (i // 720) % 28)
        api.user.create(
            username=cf, email=f"{cf.lower()}@cittadini.example", password=PASSWORD,
            properties={"fullname": f"{first} {last}"},
        )
        record_names(cf, first, last)
        # the session cookie of a SPID login (level 2), as @@spid-login would
        # issue it: logging hundreds of citizens in through a broker would
        # only measure the login
        cookie = "=".join(session_cookie(cf, "spid", "SpidL2"))
        with api.env.adopt_user(username=cf):
            csrf = createToken()  # the _authenticator the EasyForm page would carry
        citizens.append({"login": cf, "cookie": cookie, "csrf": csrf})
    return citizens


def add_existing(site, app_type, form, count, offset):
    """``count`` earlier submissions to each target, by citizens not in the load."""
    from benchmarks.load import ANSWERS
    from benchmarks.load import PDF
    from collective.easyform.api import get_actions
    from comune.istanze.documents.attachments import add_attachment
    from comune.istanze.identity.session import spid_session
    from comune.istanze.workflow import submission
    from plone import api

    saver = get_actions(form)[SAVER]
    for n, citizen in enumerate(create_citizens(count, offset), 1):
        with api.env.adopt_user(username=citizen["login"]), spid_session(citizen["login"]):
            application = submission.create_draft(app_type)
            for name, value in ANSWERS.items():
                setattr(application, name, value)
            add_attachment(application, ATTACHMENT, PDF, "contratto.pdf", citizen["login"])
            submission.submit(application)
        saver.addDataRow(dict(ANSWERS, contratto="contratto.pdf", earlier=True))
        if n % 100 == 0:
            transaction.commit()


def main(app, citizens, existing, out):
    site = create_site(app)
    app_type = create_type(site)
    form = create_easyform(site)
    users = create_citizens(citizens)
    transaction.get().note("benchmark: site setup")
    transaction.commit()
    add_existing(site, app_type, form, existing, offset=citizens)
    transaction.get().note("benchmark: earlier submissions")
    transaction.commit()
    info = {
        "site": SITE_ID, "type": TYPE_ID, "portal_type": app_type.published_type,
        "attachment": ATTACHMENT, "easyform": FORM_ID, "saver": SAVER, "thanks": THANKS,
        "citizens": users,
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)


if __name__ == "__main__":
    main(globals()["app"], int(sys.argv[-3]), int(sys.argv[-2]), sys.argv[-1])
