"""The library of ready types: XML files shipped in ``exchange/library/``.

Each file is a whole type in the exchange format (:mod:`.document`),
importable on its own into any folder (:func:`import_entry`); the editor's
page «Libreria tipologie» lists them with an «Importa» button.
"""

from comune.istanze.exchange.document import NAMESPACE
from comune.istanze.exchange.document import parser
from comune.istanze.exchange.importer import import_type
from dataclasses import dataclass
from lxml import etree

import functools
import os


LIBRARY_DIR = os.path.join(os.path.dirname(__file__), "library")


@dataclass(frozen=True)
class Entry:
    name: str  # file name without .xml
    title: str
    description: str
    code: str
    office: str


def _setting(root, name):
    found = root.find("{%s}impostazioni/{%s}campo[@nome='%s']" % (NAMESPACE, NAMESPACE, name))
    return (found.text or "") if found is not None else ""


@functools.lru_cache(maxsize=1)
def entries():
    """The library's types, by title."""
    result = []
    for file_name in sorted(os.listdir(LIBRARY_DIR)):
        if not file_name.endswith(".xml"):
            continue
        with open(os.path.join(LIBRARY_DIR, file_name), "rb") as fh:
            root = etree.fromstring(fh.read(), parser())
        result.append(Entry(file_name[:-4], _setting(root, "title"), _setting(root, "description"),
                            _setting(root, "code"), _setting(root, "office")))
    return tuple(sorted(result, key=lambda e: e.title))


def entry_bytes(name):
    """The XML of library entry ``name``; KeyError when there is none."""
    if name not in {e.name for e in entries()}:
        raise KeyError(name)
    with open(os.path.join(LIBRARY_DIR, name + ".xml"), "rb") as fh:
        return fh.read()


def import_entry(name, container, mapping=None, publish=False):
    return import_type(entry_bytes(name), container, mapping, publish)
