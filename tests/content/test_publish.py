"""Publishing an application type generates a real Dexterity content type."""

from comune.istanze.content.fti import version_schema
from plone.dexterity.interfaces import IDexterityFTI
from tests.fixtures import make_type
from zope.schema import getFieldNames


def test_publish_creates_fti(portal):
    t = make_type(portal)
    fti = portal.portal_types["istanza_contaff"]
    assert IDexterityFTI.providedBy(fti)
    assert "comune.istanze.application" in fti.behaviors
    assert portal.portal_workflow.getChainForPortalType("istanza_contaff") == ("istanza_workflow",)
    assert t.current_form_version == 1
    schema = fti.lookupSchema()
    assert {"componenti", "isee", "indirizzo", "canone"} <= set(getFieldNames(schema))


def test_changing_form_creates_version(portal):
    t = make_type(portal)
    t.form_model = t.form_model.replace("Valore ISEE", "ISEE ordinario")
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    notify(ObjectModifiedEvent(t))
    assert t.current_form_version == 2
    old, _m = version_schema(t, 1)
    new, _m = version_schema(t, 2)
    assert old["isee"].title == "Valore ISEE"
    assert new["isee"].title == "ISEE ordinario"
