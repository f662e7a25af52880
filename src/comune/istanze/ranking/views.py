"""Ranking views: staff management, public pseudonymised page and CSV, breakdown."""

from comune.istanze import _
from comune.istanze.backoffice.audit import record_staff_read
from comune.istanze.content.fti import version_schema
from comune.istanze.backoffice.actions import iso_datetime
from comune.istanze.exports.cells import csv_text
from comune.istanze.ranking import bulk
from comune.istanze.ranking import form
from comune.istanze.ranking import storage
from comune.istanze.ranking.engine import explain
from comune.istanze.ranking.rules import compile_rules
from comune.istanze.ranking.rules import RuleError
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zExceptions import NotFound


BLANK_ROWS = 4
PHASE_TITLES = {
    "draft": _("Bozza, non pubblicata"),
    "provisional": _("Graduatoria provvisoria"),
    "appeals": _("Graduatoria provvisoria (fase ricorsi)"),
    "final": _("Graduatoria definitiva"),
}
# the rules editor's text inputs: (row key, label, grid classes)
TEXT_INPUTS = (
    ("label", _("Etichetta"), "col-12"),
    ("min", _("Da"), "col-6 col-md-3"),
    ("max", _("A (escluso)"), "col-6 col-md-3"),
    ("points", _("Punti"), "col-6 col-md-3"),
    ("max_points", _("Punti massimi"), "col-6 col-md-3"),
    ("equals", _("Se uguale a"), "col-12"),
)
EXCLUSION_INPUTS = (
    ("value", _("Valore"), "col-12 col-md-8"),
    ("reason", _("Motivo di esclusione"), "col-12"),
)


def person(user_id):
    """Who did an operation: the person's name and id (an automatic
    procedure when nobody was logged in)."""
    if not user_id or user_id == "None":  # "None": entries logged before the fix
        return _("Procedura automatica")
    user = api.user.get(userid=user_id)
    name = (user.getProperty("fullname", "") or "") if user is not None else ""
    return f"{name} ({user_id})" if name else user_id


class ManageRankingView(BrowserView):
    """Staff: rules, compute, adjust, publish, appeals, final."""

    actions = {
        "save": "_save", "compute": "_compute", "adjust": "_adjust",
        "publish": "_publish", "appeals": "_appeals", "final": "_final",
        "bulk": "_bulk", "bulk_resume": "_bulk_resume",
    }

    def __call__(self):
        action = self.request.form.get("azione")
        if self.request.method == "POST" and action in self.actions:
            CheckAuthenticator(self.request)
            try:
                message = getattr(self, self.actions[action])()
                IStatusMessage(self.request).add(message, "info")
            except RuleError as exc:
                IStatusMessage(self.request).add(exc.message, "error")
                import transaction

                transaction.doom()  # nothing half-stored
        return self.index()

    @property
    def ranking(self):
        return storage.ranking_of(self.context)

    def fields(self):
        schema, _m = version_schema(self.context, self.context.current_form_version)
        return [(name, schema[name].title) for name in schema.names()]

    def editor_rows(self):
        rows, ties = form.rules_to_rows(self.ranking.rules if self.ranking else None)
        blank = {k: "" for k in form.ROW_KEYS}
        return rows + [dict(blank) for _i in range(BLANK_ROWS)], ties + [{"field": "", "order": "asc"}] * 2

    kind_titles = form.KIND_TITLES
    op_titles = form.OP_TITLES
    text_inputs = TEXT_INPUTS
    exclusion_inputs = EXCLUSION_INPUTS
    numeric_inputs = frozenset(("min", "max", "points", "max_points"))

    def phase_title(self):
        ranking = self.ranking
        return PHASE_TITLES[ranking.phase if ranking is not None else "draft"]

    @staticmethod
    def person(user_id):
        return person(user_id)

    def _form_rows(self, prefix, keys):
        count = int(self.request.form.get(f"{prefix}_count", 0) or 0)
        return [{k: self.request.form.get(f"{prefix}_{i}_{k}", "") for k in keys} for i in range(count)]

    def _save(self):
        data = form.rows_to_rules(self._form_rows("r", form.ROW_KEYS), self._form_rows("t", ("field", "order")))
        storage.save_rules(self.context, data)
        return _("Regole salvate.")

    def _compute(self):
        ranking = storage.compute(self.context)
        return _("Graduatoria calcolata: ${n} istanze in graduatoria, ${x} escluse.",
                 mapping={"n": len(ranking.rows), "x": len(ranking.excluded)})

    def _adjust(self):
        storage.adjust(self.context, self.request.form.get("number", ""),
                       self.request.form.get("points"), self.request.form.get("motivation", ""))
        return _("Punteggio rettificato e graduatoria ricalcolata.")

    def _publish(self):
        storage.publish_provisional(self.context)
        return _("Graduatoria provvisoria pubblicata.")

    def _appeals(self):
        storage.open_appeals(self.context, iso_datetime(self.request.form.get("until", ""), RuleError))
        return _("Fase dei ricorsi aperta.")

    def _bulk(self):
        mode = self.request.form.get("mode", "")
        raw = self.request.form.get("count", "")
        count = int(raw) if raw.strip().isdigit() else None
        job = bulk.start(self.context, mode, count)
        bulk.enqueue(self.context)
        return _("Decisioni in blocco avviate per ${n} istanze.", mapping={"n": len(job.plan)})

    def _bulk_resume(self):
        bulk.enqueue(self.context)
        return _("Decisioni in blocco riprese.")

    def _final(self):
        storage.make_final(self.context)
        return _("Graduatoria definitiva approvata.")


class PublicRankingView(BrowserView):
    """Public, pseudonymised: application number, score, position."""

    def published(self):
        ranking = storage.ranking_of(self.context)
        if ranking is None or ranking.phase == "draft":
            raise NotFound("Graduatoria non pubblicata")
        return ranking

    def __call__(self):
        self.ranking_obj = self.published()
        self.request.response.setHeader("Cache-Control", "public, max-age=300")
        return self.index()

    def rows(self):
        return storage.public_rows(self.ranking_obj)

    def phase_title(self):
        return PHASE_TITLES[self.ranking_obj.phase]


class PublicRankingCSV(PublicRankingView):
    def __call__(self):
        ranking = self.published()
        body = csv_text(["posizione", "numero_istanza", "punteggio"],
                        ([row["position"], row["number"], row["score"]]
                         for row in storage.public_rows(ranking)))
        response = self.request.response
        response.setHeader("Content-Type", "text/csv; charset=utf-8")
        response.setHeader("Content-Disposition",
                           f'attachment; filename="graduatoria-{self.context.code}-{ranking.phase}.csv"')
        return body


class ScoreBreakdownView(BrowserView):
    """One application's score, explained (applicant and staff)."""

    def __call__(self):
        type_obj = self.context.application_type()
        self.ranking_obj = storage.ranking_of(type_obj)
        if self.ranking_obj is None or not self.ranking_obj.rules:
            raise NotFound("Nessuna graduatoria")
        schema, _m = version_schema(type_obj, type_obj.current_form_version)
        rules = compile_rules(self.ranking_obj.rules, tuple(schema.names()))
        from comune.istanze.content.indexers import ranking_values

        values = ranking_values(self.context)() or {}
        self.breakdown, self.score, self.excluded = explain(rules, values)
        adj = self.ranking_obj.adjustments.get(self.context.number)
        self.adjustment = adj
        self.position = next((r[0] for r in self.ranking_obj.rows if r[1] == self.context.number), None)
        record_staff_read(self.context, "read", "punteggio", request=self.request)
        return self.index()
