"""Fixtures of the REST API tests: a published type and citizens over HTTP.

Everything runs against the FUNCTIONAL layer's real WSGI server; content a
test creates is committed before the HTTP client sees it.
"""

from comune.istanze.fakes import fiscal_code
from tests.fixtures import http_session
from tests.fixtures import FORM_XML
from tests.fixtures import make_citizen
from tests.fixtures import make_type

import base64
import pytest
import transaction


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
ATTACHMENT = "Contratto di locazione"

# The shared test form plus a field checked by the editors' codice fiscale
# validator (engineer B's ``istanze:validator``).
REST_FORM = FORM_XML.replace(
    "    </fieldset>\n  </schema>",
    '      <field name="cf_proprietario" type="zope.schema.TextLine" '
    'istanze:validator="codice_fiscale">\n'
    "        <title>Codice fiscale del proprietario</title>\n"
    "        <required>False</required>\n"
    "      </field>\n"
    "    </fieldset>\n  </schema>",
)
ANSWERS = {"componenti": 3, "isee": 9000.5, "indirizzo": "Via Roma 1"}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def attachment(data=PDF, name=ATTACHMENT, filename="contratto.pdf"):
    return {"name": name, "filename": filename, "content-type": "application/pdf", "data": b64(data)}


def body(submit=True, **kw):
    result = {"applicant_kind": "self", "data": dict(ANSWERS),
              "attachments": [attachment()], "submit": submit}
    result.update(kw)
    return result


@pytest.fixture
def rest_type(functional_portal):
    type_obj = make_type(functional_portal, xml=REST_FORM)
    transaction.commit()
    return type_obj


@pytest.fixture
def citizen_session(functional_portal, request_factory):
    """``session(first, last, **kw)``: a REST session of a new fake citizen."""

    def factory(first="Mario", last="Rossi", **kw):
        user = make_citizen(first, last, **kw)
        transaction.commit()
        session = http_session(user.getId(), session=request_factory())
        session.user_id = user.getId()
        return session

    return factory


@pytest.fixture
def mario(citizen_session):
    return citizen_session()


@pytest.fixture
def giulia(citizen_session):
    return citizen_session("Giulia", "Bianchi", female=True)


@pytest.fixture
def other_cf():
    return fiscal_code("Paolo", "Verdi", 1975, 5, 12)


def applications(type_obj):
    """Applications stored in ``type_obj`` as the database has them now."""
    transaction.begin()
    return list(type_obj.objectIds())
