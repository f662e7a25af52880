"""comune.istanze: online citizen applications (istanze) for Italian municipalities."""

from zope.i18nmessageid import MessageFactory


PACKAGE_NAME = "comune.istanze"
_ = MessageFactory(PACKAGE_NAME)
