"""The core eraser: what comune.istanze itself keeps about the applicant.

Kept (what the law requires): number, type, form version, dates, state and
the office's steps of the workflow history, protocol data (number, date,
segnatura), the decision (document and message), the authentication method
(a statistics dimension, not a person). Gone: the answers, attachments,
messages and documents other than the decision, the names, codici fiscali
and email of applicant, beneficiary and represented body or client (with
the procura, an attachment), the identity document shown at the front desk
(the operator stays), the applicant's
local role, the citizen's own comments in the history, the event log.
"""

from Acquisition import aq_base
from comune.istanze.content.fti import version_schema
from comune.istanze.persistence import stored
from comune.istanze.retention.interfaces import IPersonalDataEraser
from comune.istanze.workflow.custom import workflow_id_of
from persistent.list import PersistentList
from zope.component import adapter
from zope.interface import implementer
from comune.istanze.interfaces import IApplication


ANONYMOUS = "anonimizzato"
KEEP_DOCUMENTS = ("decision",)
KEEP_MESSAGES = ("decision",)
PERSON_FIELDS = ("applicant_email", "beneficiary_id", "beneficiary_name", "represented_name",
                 "represented_tax_id", "representation", "loa")


def _answers(app):
    type_obj = app.application_type()
    schema, _m = version_schema(type_obj, app.form_version or type_obj.current_form_version)
    return [name for name in schema.names() if name in aq_base(app).__dict__]


def _drop_except(tree, keep_kinds):
    if not tree:
        return 0
    gone = [key for key, item in tree.items() if getattr(item, "kind", None) not in keep_kinds]
    for key in gone:
        del tree[key]
    return len(gone)


def _history(app, person):
    history = getattr(aq_base(app), "workflow_history", None)
    workflow = workflow_id_of(app)
    if not history or workflow not in history:
        return
    entries = []
    for entry in history[workflow]:
        entry = dict(entry)
        if entry.get("actor") == person:
            entry["actor"], entry["comments"] = ANONYMOUS, ""
        entries.append(entry)
    history[workflow] = tuple(entries)
    app.workflow_history = history  # PersistentMapping of tuples: mark it changed


@implementer(IPersonalDataEraser)
@adapter(IApplication)
class CoreEraser:
    def __init__(self, app):
        self.app = app

    def erase(self):
        app = self.app
        person = app.applicant_id
        answers = _answers(app)
        for name in answers:
            delattr(app, name)
        files = _drop_except(stored(app, "_attachments"), ())
        documents = _drop_except(stored(app, "_documents"), KEEP_DOCUMENTS)
        messages = _drop_except(stored(app, "_messages"), KEEP_MESSAGES)
        if stored(app, "_events") is not None:
            app._events = PersistentList()
        for name in PERSON_FIELDS:
            if name in aq_base(app).__dict__:
                delattr(app, name)
        desk = getattr(aq_base(app), "frontdesk", None)
        if desk:  # the operator stays on record; the citizen's document goes
            app.frontdesk = {k: v for k, v in desk.items() if k.startswith("operator_")}
        if person:
            app.manage_delLocalRoles([person])
            _history(app, person)
        app.applicant_id, app.applicant_name = None, ANONYMOUS
        app.creators = (ANONYMOUS,)
        return (f"risposte {len(answers)}, allegati {files}, documenti {documents}, "
                f"messaggi {messages}")
