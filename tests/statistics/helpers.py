"""Build the F.I.D.O. 2018 example through the real subscribers.

3,212 lightweight applications (only what the subscribers read: the
submission date, the login method, the type) go through the same handlers
the component registry calls on ApplicationSubmittedEvent and
ApplicationRatedEvent; 58 types are registered as publishing does.
"""

from comune.istanze.interfaces import IApplication
from comune.istanze.ratings.rating import ApplicationRatedEvent
from comune.istanze.statistics import counters
from comune.istanze.workflow.events import ApplicationSubmittedEvent
from datetime import datetime
from plone import api
from zope.interface import implementer


TYPES, APPLICATIONS, SPID, CNS = 58, 3212, 2800, 200
PROTOCOL_2018 = 48740  # 3212 / 48740 = 6.59 %
SCORES = [5] * 20 + [4] * 19 + [3] * 11  # 50 ratings, average 4.18


class FakeType:
    survey_enabled = True

    def __init__(self, code):
        self.code = code


@implementer(IApplication)
class FakeApplication:
    def __init__(self, type_, submitted, auth_method):
        self._type, self.submitted, self.auth_method = type_, submitted, auth_method

    def application_type(self):
        return self._type


def build_2018(portal):
    store = counters.get_store(portal, create=True)
    types = [FakeType(f"S{i:02d}") for i in range(TYPES)]
    for t in types:
        store.register_type(t.code, f"Servizio {t.code}", [2018])
    apps = []
    for i in range(APPLICATIONS):
        method = "spid" if i < SPID else "cns" if i < SPID + CNS else "password"
        app = FakeApplication(types[i % TYPES], datetime(2018, 1 + i % 12, 10, 9, 30), method)
        counters.on_submitted(app, ApplicationSubmittedEvent(app))
        apps.append(app)
    # the first citizen first gives 2, then changes it to 5: the sum is adjusted
    counters.on_rated(apps[0], ApplicationRatedEvent(apps[0], None, 2))
    counters.on_rated(apps[0], ApplicationRatedEvent(apps[0], 2, SCORES[0]))
    for app, score in zip(apps[1:], SCORES[1:]):
        counters.on_rated(app, ApplicationRatedEvent(app, None, score))
    # a few in another year, so that the year selector matters
    for i in range(7):
        app = FakeApplication(types[i], datetime(2019, 3, 1), "cie")
        counters.on_submitted(app, ApplicationSubmittedEvent(app))


def make_page(portal):
    with api.env.adopt_roles(["Manager"]):
        page = api.content.create(container=portal, type="StatisticsPage",
                                  id="statistiche", title="Statistiche servizi online")
        api.content.transition(obj=page, transition="publish")
    return page
