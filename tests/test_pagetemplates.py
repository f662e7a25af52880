"""comune/istanze/pagetemplates.py: templates are compiled one at a time.

On CPython < 3.11.8 (this machine: 3.11.7) two threads compiling templates
at once fail now and then with ``SystemError: AST constructor recursion
depth mismatch`` (python/cpython#106905); measured with the stock
``Program`` under the load of the stress test below: 1-3 failed
compilations in 60, 0 with :class:`SerialProgram`."""

from comune.istanze.pagetemplates import SerialProgram
from Products.PageTemplates.Expressions import getEngine
from Products.PageTemplates.ZopePageTemplate import ZopePageTemplate
from zope.component import getUtility
from zope.pagetemplate.interfaces import IPageTemplateEngine

import contextlib
import sys
import threading


def source(number, rows=30):
    """A template of its own (no compilation cache hit), full of Python."""
    return "<div>%s</div>" % "\n".join(
        f"<p tal:condition=\"python: {number} + {row} > 3 and len(options.get('x{row}', [])) < {row}\""
        f" tal:content=\"python: '%s-%d' % (options.get('a'), {number * row})\">x</p>"
        for row in range(rows))


def cook(number):
    return SerialProgram.cook(f"stress-{number}.pt", source(number), getEngine(), "text/html")


def test_plone_compiles_its_templates_with_the_serial_program(portal):
    assert getUtility(IPageTemplateEngine) is SerialProgram
    template = ZopePageTemplate("prova", '<p tal:content="python: 6 * 7">x</p>')
    assert isinstance(template._v_program, SerialProgram)
    assert template.__of__(portal).pt_render().strip() == "<p>42</p>"


def test_a_compilation_waits_for_the_one_in_progress():
    done = []
    with SerialProgram.lock:  # another thread is compiling
        worker = threading.Thread(target=lambda: done.append(cook(1)))
        worker.start()
        worker.join(0.5)
        assert worker.is_alive() and done == []
    worker.join(30)
    program, macros = done[0]
    assert isinstance(program, SerialProgram) and macros is not None


class Cycle:
    def __del__(self):  # a finalizer: the collector may switch thread mid-parse
        pass


@contextlib.contextmanager
def fast_thread_switches():
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def test_concurrent_compilations_do_not_fail():
    failures, cooked = [], []

    def work(thread):
        for number in range(thread * 100, thread * 100 + 30):
            garbage = [Cycle() for _ in range(300)]
            for item in garbage:
                item.me = item
            del garbage
            try:
                cooked.append(cook(number))
            except SystemError as error:
                failures.append(repr(error))

    with fast_thread_switches():
        threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
    assert failures == []
    assert len(cooked) == 120 and all(macros is not None for _program, macros in cooked)
