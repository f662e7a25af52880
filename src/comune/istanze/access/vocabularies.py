"""Plone's user and principal vocabularies, answered only to who delegates.

``plone.app.vocabularies.Users`` and ``.Principals`` list every account of
the site: for a Comune, every citizen with name and codice fiscale. Plone
offers them to Editors and Contributors (widgets, ``@@getVocabulary``,
``@vocabularies``, and ``@querystring``'s values of "Creato da"). Looking
people up is a Site Administrator's act, like giving office roles: these
factories, registered under Plone's names in the site's own component
registry (``profiles/default/componentregistry.xml``, so they win over the
global ones while the add-on is installed), answer Plone's vocabulary to
Managers and Site Administrators and an empty one to everybody else.
Groups are not listed: they name offices, not people.
"""

from comune.istanze.access import searches_people
from plone.app.vocabularies.principals import PrincipalsFactory
from plone.app.vocabularies.principals import PrincipalsVocabulary
from plone.app.vocabularies.principals import UsersFactory
from zope.interface import implementer
from zope.schema.interfaces import IVocabularyFactory


class OnlyForDelegators:
    def __call__(self, context, query=""):
        if searches_people():
            return super().__call__(context, query)
        vocabulary = PrincipalsVocabulary([])  # what Plone answers when it does not search
        vocabulary.principal_source = self.source
        return vocabulary


@implementer(IVocabularyFactory)
class Users(OnlyForDelegators, UsersFactory):
    pass


@implementer(IVocabularyFactory)
class Principals(OnlyForDelegators, PrincipalsFactory):
    pass
