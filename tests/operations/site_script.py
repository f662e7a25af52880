"""Run by ``zconsole run`` in the backup tests' instance (``app`` is given).

``setup OUT COUNT``   creates the site (as the benchmark does: Plone, plone.restapi,
                      comune.istanze), a published type with a PDF attachment, a Zope
                      manager ``admin``, COUNT submitted applications and a
                      second Plone site ``Esistente`` without the product;
``submit OUT COUNT OFFSET`` submits COUNT more (citizens from OFFSET);
``check OUT OFFSET``  writes the state as found, then submits one more (``next``).

Each command writes the state to OUT: every application (number, state, the
attachments' SHA-256 computed from the blob files and as recorded at upload)
and the type's counters.

Each attachment is a different small PDF, so a restore that swaps or loses a
blob shows up as a different SHA-256.
"""

import hashlib
import json
import sys
import transaction


ADMIN = ("admin", "backup-Admin-1")
EXISTING = "Esistente"


def pdf(n):
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n%" + f"allegato {n} ".encode() * (50 + n) + b"\n")


def site_and_type(app):
    from benchmarks import site_setup
    from zope.component.hooks import setSite

    site = app[site_setup.SITE_ID]
    setSite(site)
    return site, site[site_setup.TYPE_ID]


def submit(app_type, count, offset):
    from benchmarks.load import ANSWERS
    from benchmarks.site_setup import ATTACHMENT
    from benchmarks.site_setup import create_citizens
    from comune.istanze.documents.attachments import add_attachment
    from comune.istanze.identity.session import spid_session
    from comune.istanze.workflow import submission
    from plone import api

    numbers = []
    for i, citizen in enumerate(create_citizens(count, offset)):
        with api.env.adopt_user(username=citizen["login"]), spid_session(citizen["login"]):
            application = submission.create_draft(app_type)
            for name, value in ANSWERS.items():
                setattr(application, name, value)
            add_attachment(application, ATTACHMENT, pdf(offset + i), f"contratto-{offset + i}.pdf",
                           citizen["login"])
            submission.submit(application)
            numbers.append(application.number)
        transaction.get().note("backup test: submission")
        transaction.commit()
    return numbers


def setup(app, out, count):
    from benchmarks import site_setup
    from plone.base.utils import get_installer
    from tests.gcpause import add_plone_site
    from tests.gcpause import paused_gc
    from zope.component.hooks import setSite

    app.acl_users.userFolderAddUser(ADMIN[0], ADMIN[1], ["Manager"], [])
    # a Comune's existing site, without the product (the guide installs it)
    other = add_plone_site(app, EXISTING, title="Sito esistente", distribution_name="classic",
                           setup_content=False, default_language="it")
    setSite(other)
    get_installer(other, app.REQUEST).install_product("plone.restapi")
    with paused_gc():  # the second site of this process (tests/gcpause.py)
        site = site_setup.create_site(app)
    setSite(site)
    app_type = site_setup.create_type(site)
    transaction.get().note("backup test: site")
    transaction.commit()
    submit(app_type, count, 0)
    write(out, state(app_type))


def state(app_type):
    from comune.istanze.documents.attachments import attachments_of
    from comune.istanze.numbering.sequence import sequences_for

    apps = {}
    for application in app_type.objectValues():
        attachments = attachments_of(application)
        apps[application.number] = {
            "id": application.getId(),
            "state": application.portal_workflow.getInfoFor(application, "review_state"),
            "bytes": sorted(hashlib.sha256(att.file.data).hexdigest() for att in attachments),
            "recorded": sorted(att.sha256 for att in attachments),
        }
    counters = {str(year): c.value for year, c in sequences_for(app_type).counters.items()}
    return {"applications": apps, "counters": counters}


def write(out, data):
    with open(out, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, default=str)


def main(app, argv):
    command, out = argv[0], argv[1]
    if command == "setup":
        setup(app, out, int(argv[2]))
        return
    if command == "engine":  # the page-template compiler the instance's ZCML chose
        from zope.component import getUtility
        from zope.pagetemplate.interfaces import IPageTemplateEngine

        engine = getUtility(IPageTemplateEngine)
        write(out, {"engine": f"{engine.__module__}.{engine.__qualname__}"})
        return
    app_type = site_and_type(app)[1]
    if command == "submit":
        submit(app_type, int(argv[2]), int(argv[3]))
        write(out, state(app_type))
    elif command == "check":  # the state as found, then one more submission
        found = state(app_type)
        write(out, dict(found, next=submit(app_type, 1, int(argv[2]))[0]))


if __name__ == "__main__":
    # sys.argv: zconsole run <zope.conf> <this script> <args...>
    args = [a for a in sys.argv if a.endswith("site_script.py")] and \
        sys.argv[[a.endswith("site_script.py") for a in sys.argv].index(True) + 1:]
    main(globals()["app"], args)
