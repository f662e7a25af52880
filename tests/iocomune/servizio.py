"""A minimal «Servizio» for the tests: the two fields of design.plone.contenttypes'
Servizio schema that comune.istanze writes (same names and kinds: a TextLine
``canale_digitale_link`` and the JSON of Volto blocks ``canale_digitale``).

design.plone.contenttypes 6.3.18 cannot be loaded with this project's Zope 6.3
(its dependency experimental.noacquisition 1.1.0b1 refuses Zope >= 6.3 at
ZCML load time), so the real Servizio type is not available to the tests.
"""

from plone.dexterity.fti import DexterityFTI
from plone.schema import JSONField
from plone.supermodel import model
from zope import schema


class IServizio(model.Schema):
    canale_digitale = JSONField(title="Canale digitale", required=False, default={})
    canale_digitale_link = schema.TextLine(title="Link al canale digitale", required=False)


def add_servizio_type(portal):
    fti = DexterityFTI("Servizio")
    fti.title = "Servizio"
    fti.klass = "plone.dexterity.content.Item"
    fti.schema = "tests.iocomune.servizio.IServizio"
    fti.behaviors = ("plone.dublincore", "plone.namefromtitle")
    fti.global_allow = True
    portal.portal_types._setObject("Servizio", fti)
