"""The vocabulary of channels: every registered one, "non configurato" marked."""

from comune.istanze import _
from comune.istanze.channels.core import channels
from zope.i18n import translate
from zope.globalrequest import getRequest
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


def term_title(channel):
    title = translate(channel.title, context=getRequest(), target_language="it")
    if channel.configured():
        return title
    return translate(_("${channel} (non configurato: non sarà usato)",
                       mapping={"channel": title}), context=getRequest(), target_language="it")


@provider(IVocabularyFactory)
def channels_vocabulary(context=None):
    return SimpleVocabulary([SimpleTerm(name, name, term_title(channel))
                             for name, channel in channels()])
