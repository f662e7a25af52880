"""The ANPR data a form field can be filled with (``istanze:anpr``).

Each datum names the e-service that gives it ("generalities": C015,
"residence": C020) and how to read it from the :class:`Subject`.
``famiglia.componente`` is not prefilled: it marks the field that holds the
codice fiscale of a family member, checked in the applicant's stato di
famiglia (C021) when the type asks for it.
"""

from comune.istanze import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


FAMILY_MEMBER = "famiglia.componente"


def _residence(attr):
    return lambda s: getattr(s.residence, attr, "") if s.residence else ""


#: datum -> (title, e-service use, reader of the Subject)
DATA = {
    "generalita.nome": (_("Nome"), "generalities", lambda s: s.first_name),
    "generalita.cognome": (_("Cognome"), "generalities", lambda s: s.last_name),
    "generalita.sesso": (_("Sesso"), "generalities", lambda s: s.sex),
    "generalita.dataNascita": (_("Data di nascita"), "generalities", lambda s: s.birth_date),
    "generalita.luogoNascita": (_("Luogo di nascita"), "generalities", lambda s: s.birth_place),
    "residenza.indirizzo": (_("Indirizzo di residenza (via e numero civico)"), "residence",
                            _residence("address")),
    "residenza.cap": (_("CAP di residenza"), "residence", _residence("cap")),
    "residenza.comune": (_("Comune di residenza"), "residence", _residence("comune")),
    "residenza.provincia": (_("Provincia di residenza"), "residence", _residence("province")),
}
FAMILY_TITLE = _("Codice fiscale di un componente del nucleo familiare (verifica)")


def known(datum):
    return datum in DATA or datum == FAMILY_MEMBER


@provider(IVocabularyFactory)
def anpr_data_vocabulary(context=None):
    terms = [SimpleTerm(name, name, title) for name, (title, _use, _read) in DATA.items()]
    terms.append(SimpleTerm(FAMILY_MEMBER, FAMILY_MEMBER, FAMILY_TITLE))
    return SimpleVocabulary(terms)
