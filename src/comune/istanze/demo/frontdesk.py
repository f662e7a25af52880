"""The demo's front desk: an operator and one application filed at the desk.

«Sofia Sportello» (user ``sportello``, the staff password of the demo) is
an operator for the whole site (role Sportello on the site root, audited in
every type's log). She filed Luca Verdi's school canteen enrolment at the
desk: identified with his identity card, signed on the tablet. Luca finds
it in his personal area when he logs in through the sandbox broker.
"""

from comune.istanze.demo.content import _ensure_user
from comune.istanze.demo.content import CITIZENS
from comune.istanze.demo.content import STAFF_PASSWORD
from comune.istanze.fakes import fiscal_code
from comune.istanze.frontdesk import ROLE
from comune.istanze.frontdesk import SPORTELLO
from comune.istanze.frontdesk.drafts import start_for_citizen
from comune.istanze.frontdesk.identification import identify
from comune.istanze.frontdesk.roles import audit_site_operators
from comune.istanze.frontdesk.signature import DATA_URL_PREFIX
from comune.istanze.frontdesk.signature import store_drawing
from comune.istanze.workflow import submission
from datetime import date
from datetime import timedelta
from plone import api

import base64
import io


OPERATOR = ("sportello", "Sofia Sportello")
TYPE_ID = "iscrizione-mensa"
ANSWERS = {"nome_alunno": "Marco Verdi", "scuola": 'Scuola primaria "G. Rodari"',
           "classe": "3ª B", "dieta_speciale": False}


def drawn_signature():
    """A PNG data URL with a pen stroke, as the tablet's pad sends it."""
    from PIL import Image
    from PIL import ImageDraw

    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    pen = ImageDraw.Draw(image)
    pen.line([(40, 140), (120, 60), (180, 150), (260, 70), (340, 140), (520, 110)],
             fill=(20, 20, 80, 255), width=5)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return DATA_URL_PREFIX + base64.b64encode(out.getvalue()).decode()


def create_demo_frontdesk(portal):
    """The operator and one submitted front-desk application (kept if present)."""
    user_id, name = OPERATOR
    with api.env.adopt_roles(["Manager"]):
        _ensure_user(user_id, STAFF_PASSWORD, {"fullname": name}, f"{user_id}@comune-esempio.example")
        api.user.grant_roles(username=user_id, obj=portal, roles=[ROLE])
        audit_site_operators(portal)
    type_obj = portal["servizi-online"][TYPE_ID]
    catalog = api.portal.get_tool("portal_catalog")
    if catalog.unrestrictedSearchResults(channel=SPORTELLO, path="/".join(type_obj.getPhysicalPath())):
        return None
    first, last, year, month, day, female = CITIZENS[2]
    ident, errors = identify({
        "fiscal_code": fiscal_code(first, last, year, month, day, female),
        "first_name": first, "last_name": last, "email": f"{first.lower()}.{last.lower()}@cittadini.example",
        "document_type": "carta_identita_elettronica", "document_number": "CA00000AA",
        "document_issuer": "Comune di Esempio", "document_expiry": date.today() + timedelta(days=1500),
    })
    assert not errors, errors
    with api.env.adopt_user(username=user_id):
        app = start_for_citizen(type_obj, ident)
        for field, value in ANSWERS.items():
            setattr(app, field, value)
        store_drawing(app, drawn_signature())
        submission.submit(app)
    return app
