"""Front-desk fixtures: a type, its operator, a citizen identified at the desk."""

from comune.istanze.documents.attachments import add_attachment
from comune.istanze.fakes import fiscal_code
from comune.istanze.frontdesk.drafts import start_for_citizen
from comune.istanze.frontdesk.identification import identify
from comune.istanze.frontdesk.signature import DATA_URL_PREFIX
from datetime import date
from datetime import timedelta
from tests.fixtures import login
from tests.fixtures import make_staff
from tests.fixtures import PDF

import base64
import io


OPERATOR = "sportello_casa"


def desk_form(**kw):
    form = {
        "fiscal_code": fiscal_code("Carla", "Neri", 1960, 3, 8, True),
        "first_name": "Carla", "last_name": "Neri", "email": "carla.neri@cittadini.example",
        "document_type": "carta_identita", "document_number": "CA 12345 AB",
        "document_issuer": "Comune di Esempio",
        "document_expiry": (date.today() + timedelta(days=900)).strftime("%d/%m/%Y"),
    }
    form.update(kw)
    return form


def make_operator(type_obj, user_id=OPERATOR):
    return make_staff(user_id, type_obj, "Sportello")


def desk_draft(portal, type_obj, operator=OPERATOR, **kw):
    """A front-desk draft, answers and attachment filled by the operator."""
    login(portal, operator)
    ident, errors = identify(desk_form(**kw))
    assert not errors
    app = start_for_citizen(type_obj, ident)
    app.componenti, app.isee, app.indirizzo = 2, 7000.0, "Via Verdi 4"
    add_attachment(app, "Contratto di locazione", PDF, "c.pdf", operator)
    return app


def drawn_png(ink=True):
    """A data URL of a drawn signature (a stroke when ``ink``)."""
    from PIL import Image
    from PIL import ImageDraw

    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    if ink:
        ImageDraw.Draw(image).line([(10, 50), (290, 60)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return DATA_URL_PREFIX + base64.b64encode(out.getvalue()).decode()
