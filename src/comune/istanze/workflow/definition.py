"""A type's workflow definition: our small XML format, its model and checks.

A definition lists the states (staff title, citizen-facing title) and the
transitions (id, title, *kind*, from which states, to which state, who may
fire them). The document::

    <workflow xmlns="http://namespaces.comune.istanze/workflow">
      <state id="draft" title="Bozza"/>
      <state id="submitted" title="Presentata" citizen-title="Ricevuta"/>
      <state id="sopralluogo" title="Sopralluogo" citizen-title="In verifica"/>
      ...
      <transition id="submit" kind="submit" title="Invia" from="draft" to="submitted"/>
      <transition id="to_sopralluogo" kind="office" title="Avvia sopralluogo"
                  from="in_review" to="sopralluogo" roles="Istruttore"/>
      ...
    </workflow>

The XSD is ``workflow.xsd`` beside this module (``XSD_PATH``); the one-XML
export of a type embeds the document as is. The product's meaning is carried
by the *reserved* state ids (``RESERVED``: draft, submitted, in_review,
integration_requested, accepted, rejected, withdrawn, closed) and by the
transition kinds (``KINDS``): whatever a transition is called, the rule of its
kind runs (:mod:`comune.istanze.workflow.rules`). Any other state id is an
office state (work in progress: "sopralluogo", "in attesa di parere").
:func:`parse` checks everything (Italian messages with the line number) and
:func:`serialise` writes the canonical form: parse → serialise is identity
on canonical documents.
"""

from comune.istanze import _
from dataclasses import dataclass
from dataclasses import field
from lxml import etree
from pathlib import Path
from zope.i18nmessageid import Message

import re


NAMESPACE = "http://namespaces.comune.istanze/workflow"
XSD_PATH = Path(__file__).with_name("workflow.xsd")
DEFAULT_PATH = Path(__file__).with_name("default.xml")

KINDS = ("submit", "request_integration", "reply_integration", "accept", "reject",
         "withdraw", "close", "office")
# Kinds fired by the applicant through the product's own pages only.
APPLICANT_KINDS = ("submit", "reply_integration", "withdraw")
STAFF_ROLES = ("Istruttore", "Responsabile")
RESERVED = ("draft", "submitted", "in_review", "integration_requested", "accepted",
            "rejected", "withdrawn", "closed")
REQUIRED = ("draft", "submitted", "in_review", "accepted", "rejected")
FINAL = ("accepted", "rejected", "withdrawn", "closed")
# kind -> the state it must lead to (None: an office state or in_review)
TARGET = {"submit": "submitted", "request_integration": "integration_requested",
          "accept": "accepted", "reject": "rejected", "withdraw": "withdrawn",
          "close": "closed"}
ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TITLE = 80


class DefinitionError(ValueError):
    """A refused definition: ``message`` is Italian, ``line`` the XML line."""

    status = 400
    field = "xml"

    def __init__(self, message, line=None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class State:
    id: str
    title: str
    citizen_title: str = ""
    line: int = None

    @property
    def shown_to_citizen(self):
        return self.citizen_title or self.title


@dataclass
class Transition:
    id: str
    kind: str
    title: str
    sources: tuple
    target: str
    roles: tuple = ()
    line: int = None


@dataclass
class Definition:
    states: list = field(default_factory=list)
    transitions: list = field(default_factory=list)

    def state(self, state_id):
        return next((s for s in self.states if s.id == state_id), None)

    def exits(self, state_id):
        return [t for t in self.transitions if state_id in t.sources]

    def kinds(self):
        return {t.id: t.kind for t in self.transitions}


def _fail(message, line=None):
    if line:
        message = _("Riga ${line}: ${error}", mapping={"line": line, "error": message})
    raise DefinitionError(message, line)


def _title(element, name, required=True):
    value = " ".join((element.get(name) or "").split())
    if required and not value:
        _fail(_("manca il titolo (attributo «${name}»).",
                mapping={"name": name}),
              element.sourceline)
    if len(value) > MAX_TITLE:
        _fail(_("il titolo «${title}» supera gli ${max} caratteri.",
                mapping={"title": value[:20] + "…", "max": MAX_TITLE}),
              element.sourceline)
    return value


def _id(element, what):
    value = element.get("id") or ""
    if not ID_RE.match(value):
        _fail(_("l'identificativo «${id}» di ${what} non è valido: lettere minuscole, cifre e "
                "trattino basso, iniziando con una lettera (al massimo 40 caratteri).",
                mapping={"id": value, "what": what}),
              element.sourceline)
    return value


def _read(xml):
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    if not xml or not xml.strip():
        _fail(_("La definizione del flusso è vuota."))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        _fail(_("il documento non è XML ben formato (${error}).",
                mapping={"error": exc.msg}),
              exc.lineno or 1)
    if root.tag != f"{{{NAMESPACE}}}workflow":
        _fail(_("l'elemento principale deve essere «workflow» nello spazio dei nomi ${ns}.",
                mapping={"ns": NAMESPACE}),
              root.sourceline)
    return root


def _element_to_model(root):
    defn = Definition()
    for element in root:
        name = etree.QName(element).localname if isinstance(element.tag, str) else None
        if name == "state":
            defn.states.append(State(_id(element, _("uno stato")), _title(element, "title"),
                                     _title(element, "citizen-title", False), element.sourceline))
        elif name == "transition":
            kind = element.get("kind") or ""
            if kind not in KINDS:
                _fail(_("il tipo «${kind}» della transizione non esiste; i tipi sono: ${kinds}.",
                        mapping={"kind": kind, "kinds": ", ".join(KINDS)}),
                      element.sourceline)
            roles = tuple((element.get("roles") or "").split())
            defn.transitions.append(Transition(
                _id(element, _("una transizione")), kind, _title(element, "title"),
                tuple((element.get("from") or "").split()), element.get("to") or "",
                roles, element.sourceline))
        else:
            _fail(_("elemento «${name}» non previsto: solo «state» e «transition».",
                    mapping={"name": name or "?"}),
                  element.sourceline)
    return defn


def _check_states(defn):
    seen = set()
    for state in defn.states:
        if state.id in seen:
            _fail(_("lo stato «${id}» è definito due volte.", mapping={"id": state.id}),
                  state.line)
        seen.add(state.id)
    for required in REQUIRED:
        if required not in seen:
            _fail(_("Manca lo stato obbligatorio «${id}».", mapping={"id": required}))


def _check_transition(defn, t):
    ids = {s.id for s in defn.states}
    if not t.sources:
        _fail(_("la transizione «${id}» non indica da quali stati parte (attributo «from»).",
                mapping={"id": t.id}),
              t.line)
    for source in (*t.sources, t.target):
        if source not in ids:
            _fail(_("la transizione «${id}» usa lo stato «${state}», che non è definito.",
                    mapping={"id": t.id, "state": source}),
                  t.line)
    wanted = TARGET.get(t.kind)
    if wanted and t.target != wanted:
        _fail(_("una transizione di tipo «${kind}» deve portare allo stato «${state}».",
                mapping={"kind": t.kind, "state": wanted}),
              t.line)
    if t.kind == "office" and t.target in RESERVED and t.target != "in_review":
        _fail(_("una transizione «office» porta a «in_review» o a uno stato dell'ufficio, "
              "non a «${state}».", mapping={"state": t.target}), t.line)
    if t.kind == "submit" and t.sources != ("draft",):
        _fail(_("l'invio («submit») parte solo dalla bozza («draft»)."), t.line)
    if t.kind != "submit" and "draft" in t.sources:
        _fail(_("dalla bozza si esce solo con l'invio («submit»)."), t.line)
    if t.kind == "reply_integration" and t.sources != ("integration_requested",):
        _fail(_("la risposta all'integrazione parte solo da «integration_requested»."), t.line)
    finals = [s for s in t.sources if s in FINAL]
    if finals and (t.kind != "close" or {"withdrawn", "closed"} & set(finals)):
        _fail(_("dallo stato finale «${state}» si esce solo con l'archiviazione («close»).",
                mapping={"state": finals[0]}),
              t.line)
    if t.roles and t.kind in APPLICANT_KINDS:
        _fail(_("le transizioni del richiedente non hanno ruoli configurabili."), t.line)
    for role in t.roles:
        if role not in STAFF_ROLES:
            _fail(_("il ruolo «${role}» non esiste; i ruoli sono: ${roles}.",
                    mapping={"role": role, "roles": ", ".join(STAFF_ROLES)}),
                  t.line)


def _check_flow(defn):
    seen = set()
    for t in defn.transitions:
        if t.id in seen:
            _fail(_("la transizione «${id}» è definita due volte.", mapping={"id": t.id}),
                  t.line)
        seen.add(t.id)
        _check_transition(defn, t)
    kinds = {t.kind for t in defn.transitions}
    for kind in ("submit", "accept", "reject"):
        if kind not in kinds:
            _fail(_("Manca una transizione di tipo «${kind}».", mapping={"kind": kind}))
    asks = "request_integration" in kinds
    if asks != ("integration_requested" in {s.id for s in defn.states}) or asks != (
            "reply_integration" in kinds):
        _fail(_("La richiesta di integrazione vuole insieme lo stato «integration_requested», "
              "una transizione «request_integration» e una «reply_integration»."))
    reached, todo = {"draft"}, ["draft"]
    while todo:
        for t in defn.exits(todo.pop()):
            if t.target not in reached:
                reached.add(t.target)
                todo.append(t.target)
    for state in defn.states:
        if state.id not in reached:
            _fail(_("lo stato «${id}» non si raggiunge dalla bozza.",
                    mapping={"id": state.id}),
                  state.line)
        if state.id not in FINAL and not defn.exits(state.id):
            _fail(_("dallo stato «${id}» non si esce: aggiungi una transizione.",
                    mapping={"id": state.id}),
                  state.line)


def _schema():
    return etree.XMLSchema(etree.parse(str(XSD_PATH)))


def parse(xml):
    """The :class:`Definition` of ``xml``, or :class:`DefinitionError`."""
    root = _read(xml)
    defn = _element_to_model(root)
    _check_states(defn)
    _check_flow(defn)
    schema = _schema()
    if not schema.validate(root):  # the Python checks above cover the XSD: a safety net
        error = schema.error_log.last_error
        _fail(_("lo schema XSD rifiuta il documento: ${error}",
                mapping={"error": error.message}),
              error.line)
    return defn


def serialise(defn):
    """The canonical XML text of ``defn``."""
    root = etree.Element(f"{{{NAMESPACE}}}workflow", nsmap={None: NAMESPACE})
    root.text = "\n  "
    items = []
    for s in defn.states:
        attrs = {"id": s.id, "title": str(s.title)}
        if s.citizen_title and s.citizen_title != s.title:
            attrs["citizen-title"] = s.citizen_title
        items.append(etree.SubElement(root, f"{{{NAMESPACE}}}state", attrs))
    for t in defn.transitions:
        attrs = {"id": t.id, "kind": t.kind, "title": str(t.title),
                 "from": " ".join(t.sources), "to": t.target}
        if t.roles:
            attrs["roles"] = " ".join(t.roles)
        items.append(etree.SubElement(root, f"{{{NAMESPACE}}}transition", attrs))
    for item in items:
        item.tail = "\n  "
    items[-1].tail = "\n"
    return etree.tostring(root, encoding="unicode") + "\n"


def canonical(xml):
    """``xml`` parsed and written again (raises DefinitionError)."""
    return serialise(parse(xml))


def default_xml():
    return DEFAULT_PATH.read_text(encoding="utf-8")


_DEFAULT = {}


def default_canonical():
    """The canonical XML of the product's default workflow (read once)."""
    if "xml" not in _DEFAULT:
        _DEFAULT["xml"] = canonical(default_xml())
    return _DEFAULT["xml"]


def untranslated(text):
    """Plain text of a title (default titles are msgids of the product)."""
    return str(text) if isinstance(text, Message) else text


_KINDS = {}


def default_kinds():
    """{transition id: kind} of the product's default workflow."""
    if not _KINDS:
        _KINDS.update(parse(default_xml()).kinds())
    return _KINDS
