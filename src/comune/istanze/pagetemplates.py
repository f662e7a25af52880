"""Page templates are compiled one at a time in a Zope process.

Why: CPython before 3.11.8 (and 3.12.0-3.12.1) kept one recursion counter
for every thread that turns a parsed module into ``ast`` objects
(python/cpython#106905). Chameleon compiles a template with ``ast.parse``;
when two threads compile at once and the garbage collector switches thread
in the middle, one compilation fails with ``SystemError: AST constructor
recursion depth mismatch``. Debian 12's Python 3.11.2 has the bug, and so
has this project's CI (3.11.7).

What it broke: a freshly (re)started process under load compiles many
templates at once. ``zope.pagetemplate`` keeps a failed compilation as the
template's errors; another thread compiling the same skin template clears
them, and a third sees ``macros`` as ``None``: HTTP 500 (``LocationError:
(None, 'navigation')``, seen in ``tests/cluster`` after a kill -9). Without
the second thread, a skin template stays broken until the next restart.

How: Zope looks the compiler up as the ``IPageTemplateEngine`` utility
(Products.PageTemplates registers :class:`Program`); ``overrides.zcml``
registers this subclass, whose ``cook`` holds a process-wide lock. Every
template is compiled once per process, so the lock costs nothing once the
pages have been seen; rendering is never serialized.
"""

from Products.PageTemplates.engine import Program
from zope.interface import provider
from zope.pagetemplate.interfaces import IPageTemplateEngine

import threading


@provider(IPageTemplateEngine)
class SerialProgram(Program):
    """:class:`Program` whose compilation holds :attr:`lock`."""

    lock = threading.RLock()

    @classmethod
    def cook(cls, source_file, text, engine, content_type):
        with cls.lock:
            return super().cook(source_file, text, engine, content_type)
