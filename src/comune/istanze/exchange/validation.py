"""First gate of an import: well-formed XML, then the project's XSD.

Errors carry the line of the document and an Italian message; the most common
messages of libxml2's XSD validator are put into Italian, the others are
quoted after an Italian explanation.
"""

from comune.istanze import _
from comune.istanze.exchange.document import parser
from comune.istanze.exchange.document import XSD_PATH
from comune.istanze.workflow.definition import XSD_PATH as WORKFLOW_XSD
from dataclasses import dataclass
from lxml import etree

import functools
import re


MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    """One reason the import cannot go on: Italian ``message``, ``line`` or None."""

    message: object
    line: int = None


class ImportRefused(Exception):
    """Nothing was created; ``problems`` and missing ``references`` say why."""

    def __init__(self, problems=(), references=()):
        super().__init__("import refused")
        self.problems = tuple(problems)
        self.references = tuple(references)


class _WorkflowXSD(etree.Resolver):
    """``workflow.xsd`` (imported by ours) is the type-workflow module's own file."""

    def resolve(self, url, pubid, context):
        if url.endswith("workflow.xsd"):
            return self.resolve_filename(str(WORKFLOW_XSD), context)
        return None


@functools.lru_cache(maxsize=1)
def xsd():
    loader = etree.XMLParser(no_network=True)
    loader.resolvers.add(_WorkflowXSD())
    return etree.XMLSchema(etree.parse(XSD_PATH, loader))


_NS = re.compile(r"\{[^}]*\}")
_TRANSLATIONS = (
    (re.compile(r"^Element '([^']+)': This element is not expected\. Expected is (?:one of )?"
                r"\( ([^)]*) \)\.$"),
     lambda m: _("l'elemento «${element}» non è previsto qui; atteso: ${expected}.",
                 mapping={"element": m[1], "expected": m[2]})),
    (re.compile(r"^Element '([^']+)': This element is not expected\.$"),
     lambda m: _("l'elemento «${element}» non è previsto qui.", mapping={"element": m[1]})),
    (re.compile(r"^Element '([^']+)': The attribute '([^']+)' is required but missing\.$"),
     lambda m: _("all'elemento «${element}» manca l'attributo obbligatorio «${attribute}».",
                 mapping={"element": m[1], "attribute": m[2]})),
    (re.compile(r"^Element '([^']+)', attribute '([^']+)': The attribute '[^']+' is not "
                r"allowed\.$"),
     lambda m: _("l'attributo «${attribute}» non è ammesso sull'elemento «${element}».",
                 mapping={"element": m[1], "attribute": m[2]})),
    (re.compile(r"^Element '([^']+)'(?:, attribute '([^']+)')?: '([^']*)' is not a valid value"),
     lambda m: _("valore «${value}» non valido per «${element}».",
                 mapping={"value": m[3], "element": m[2] or m[1]})),
    (re.compile(r"^Element '([^']+)': Missing child element\(s\)\. Expected is (?:one of )?"
                r"\( ([^)]*) \)\.$"),
     lambda m: _("all'elemento «${element}» manca un elemento figlio: ${expected}.",
                 mapping={"element": m[1], "expected": m[2]})),
    (re.compile(r"^Element '([^']+)': No match found for key-sequence \['([^']*)'\]|"
                r"^Element '([^']+)': Duplicate key-sequence \['([^']*)'\]"),
     lambda m: _("l'impostazione «${name}» compare più di una volta.",
                 mapping={"name": m[2] or m[4]})),
)


def _italian(message):
    message = _NS.sub("", message)
    for pattern, build in _TRANSLATIONS:
        match = pattern.match(message)
        if match:
            return build(match)
    return _("il documento non rispetta lo schema XSD (${detail}).", mapping={"detail": message})


def parse_document(data):
    """The root element of ``data`` (bytes) valid against the XSD, or raise
    :class:`ImportRefused` with line-numbered problems."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or not data.strip():
        raise ImportRefused([Problem(_("Il file è vuoto."))])
    if len(data) > MAX_BYTES:
        raise ImportRefused([Problem(_("Il file supera i 2 MB ammessi."))])
    try:
        root = etree.fromstring(data, parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else None)
        raise ImportRefused([Problem(
            _("Riga ${line}: il file non è un XML ben formato (${error}).",
              mapping={"line": line, "error": exc.msg}), line)]) from exc
    schema = xsd()
    if not schema.validate(root.getroottree()):
        raise ImportRefused([
            Problem(_("Riga ${line}: ${detail}",
                      mapping={"line": error.line, "detail": _italian(error.message)}),
                    error.line)
            for error in schema.error_log
        ])
    return root


def messages(refused, request=None):
    """The Italian texts of ``refused``'s problems and references."""
    from zope.i18n import translate

    def text(message):
        return translate(message, context=request, target_language=None if request else "it")

    return ([text(p.message) for p in refused.problems]
            + [text(r.label) + f" [{r.key}]" for r in refused.references])
