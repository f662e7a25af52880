"""File fields inside the form (e.g. imported from easyform) are checked by content too."""

from plone import api
from tests.fixtures import make_type
from tests.journey.conftest import real_pdf
from tests.journey.helpers import click
from tests.journey.helpers import current_step
from tests.journey.helpers import start

import transaction


FILE_FORM = """<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="motivo" type="zope.schema.TextLine">
      <title>Motivo della richiesta</title>
    </field>
    <field name="documento" type="plone.namedfile.field.NamedBlobFile">
      <title>Documento di identità</title>
      <required>False</required>
    </field>
  </schema>
</model>
"""


def test_file_field_of_the_form_is_sniffed(journey):
    file_type = make_type(journey.portal, code="FILEFORM", title="Con file", xml=FILE_FORM,
                          attachments=[])
    transaction.commit()
    browser = journey.browser(journey.citizen)
    draft_url = start(browser, file_type.absolute_url())
    browser.open(draft_url + "/@@compila?step=modulo-default")
    browser.getControl(name="form.widgets.motivo").value = "Rinnovo"
    page = b"<html><body><script>alert(1)</script></body></html>"
    browser.getControl(name="form.widgets.documento").add_file(page, "application/pdf", "documento.pdf")
    click(browser, "next")
    assert current_step(browser) == "modulo-default"
    assert "non è di un tipo ammesso" in browser.contents and "text/html" in browser.contents
    transaction.begin()
    draft = file_type[draft_url.rsplit("/", 1)[1]]
    assert getattr(draft, "documento", None) is None and getattr(draft, "motivo", None) is None
    browser.getControl(name="form.widgets.documento").add_file(real_pdf(), "image/png", "documento.pdf")
    click(browser, "next")
    assert current_step(browser) == "riepilogo"
    transaction.begin()
    assert draft.documento.contentType == "application/pdf"
    assert draft.motivo == "Rinnovo"
    # Going back and on without a new file keeps the stored one.
    browser.open(draft_url + "/@@compila?step=modulo-default")
    click(browser, "next")
    transaction.begin()
    assert draft.documento.filename == "documento.pdf"
    assert api.content.get_state(draft) == "draft"
