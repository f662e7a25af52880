"""Fixtures of the fee tests: a type with a fee, on the sandbox pagoPA."""

from comune.istanze.outbox import queue
from comune.istanze.outbox.worker import process
from tests.fixtures import make_type
from tests.pagopa.conftest import pagopa_server  # noqa: F401 (fixture)
from tests.pagopa.conftest import sandbox  # noqa: F401 (fixture)
from tests.pagopa.test_positions import pagopa_site  # noqa: F401 (fixture)

import pytest
import transaction


IBAN = "IT60X0542811101000000123456"
CATEGORY = "9/0101108TS/"
FEE_FORM = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <fieldset name="occupazione" label="Occupazione">
      <field name="metri" type="zope.schema.Float"><title>Metri quadrati</title></field>
      <field name="zona" type="zope.schema.Choice"><title>Zona</title>
        <values><element>centro</element><element>periferia</element></values></field>
    </fieldset>
  </schema>
</model>"""
TABLE = [{"kind": "range", "field": "metri", "minimum": "0", "maximum": "10", "amount": "20"},
         {"kind": "range", "field": "metri", "minimum": "10", "maximum": "", "amount": "50"},
         {"kind": "option", "field": "zona", "option": "centro", "amount": "30"}]


def fee_type(container, when="submission", code="OSP", **kw):
    values = dict(fee_when=when, fee_description="Canone occupazione suolo pubblico",
                  fee_amount="16", fee_rules=TABLE, fee_due_days=30, fee_iban=IBAN,
                  fee_category=CATEGORY, attachments=[], xml=FEE_FORM,
                  title="Occupazione suolo pubblico")
    values.update(kw)
    return make_type(container, code=code, **values)


def answer(app, metri=12.0, zona="centro"):
    app.metri, app.zona = metri, zona


@pytest.fixture
def site_url(functional, pagopa_site):
    return f"http://{functional['host']}:{functional['port']}/{pagopa_site.getId()}"


def run_outbox(portal, kind="pagopa.position"):
    """Run the open jobs of ``kind`` now; their final states."""
    transaction.commit()
    states = []
    for job_id in list(queue.open_job_ids(portal)):
        job = queue.get_job(portal, job_id)
        if job.kind == kind:
            job.next_attempt = 0
            transaction.commit()
            states.append(process(portal, job_id))
    transaction.begin()
    return states
