"""The Servizio's pointer at a type, and the vocabulary of the types it may choose."""

from comune.istanze import _
from comune.istanze.interfaces import IApplicationType
from plone import api
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from zope import schema
from zope.interface import provider
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


@provider(IFormFieldProvider)
class ITipologiaIstanza(model.Schema):
    """A Servizio card that leads to an online application type."""

    tipologia_istanza = schema.Choice(
        title=_("Tipologia di istanza online"),
        description=_(
            "Quando la tipologia è pubblicata, la scheda mostra «Presenta istanza online» con le date "
            "di presentazione e il collegamento al canale digitale si compila da solo."
        ),
        vocabulary="comune.istanze.iocomune.tipologie",
        required=False,
    )


def types_vocabulary(context):
    """The application types of the site (UID -> title), from the catalog."""
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        object_provides=IApplicationType.__identifier__, sort_on="sortable_title")
    return SimpleVocabulary([SimpleTerm(b.UID, b.UID, b.Title) for b in brains])
