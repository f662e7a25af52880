"""A type's workflow is stored as versioned XML; applications keep their version."""

from comune.istanze.backoffice import actions
from comune.istanze.workflow import custom
from comune.istanze.workflow.definition import default_canonical
from comune.istanze.workflow.definition import DefinitionError
from comune.istanze.workflow.definition import default_xml
from plone import api
from tests.fixtures import login
from tests.fixtures import make_citizen
from tests.fixtures import make_staff
from tests.fixtures import make_type
from tests.fixtures import submit_as
from tests.type_workflow.helpers import with_sopralluogo

import pytest


def _states(app):
    return api.portal.get_tool("portal_workflow").getWorkflowsFor(app)[0].states.objectIds()


def test_definition_xml_and_apply_definition(portal):
    casa = make_type(portal, code="CASA")
    assert custom.current_version(casa) == 0
    assert custom.definition_xml(casa) == default_canonical()
    assert custom.apply_definition(casa, default_xml()) == 1
    assert custom.apply_definition(casa, default_xml()) == 1  # same text: no new version
    assert custom.apply_definition(casa, with_sopralluogo()) == 2
    assert custom.definition_xml(casa) == custom.definition_xml(casa, 2)
    assert custom.definition_xml(casa, 1) == default_canonical()
    assert "sopralluogo" in custom.definition_xml(casa)
    with pytest.raises(DefinitionError):
        custom.apply_definition(casa, "<workflow/>")
    assert list(casa.workflow_versions.keys()) == [1, 2]  # nothing half-stored


def test_old_applications_keep_their_workflow(portal):
    casa = make_type(portal, code="CASA")
    mario = make_citizen()
    old = submit_as(portal, casa, mario)  # no version yet: istanza_workflow
    with api.env.adopt_roles(["Manager"]):
        custom.apply_definition(casa, with_sopralluogo())
    new = submit_as(portal, casa, make_citizen("Anna", "Verdi", female=True))
    assert old.workflow_version is None and custom.workflow_id_of(old) == "istanza_workflow"
    assert new.workflow_version == 1 and custom.workflow_id_of(new).startswith("istanza_workflow_")
    assert "sopralluogo" not in _states(old) and "sopralluogo" in _states(new)
    with api.env.adopt_roles(["Manager"]):
        custom.apply_definition(casa, default_xml())  # version 2: back to the default
    newest = submit_as(portal, casa, make_citizen("Luca", "Neri"))
    assert newest.workflow_version == 2 and custom.workflow_id_of(newest) == "istanza_workflow"
    assert "sopralluogo" in _states(new)  # the version-1 application did not move
    make_staff("istruttore", casa, "Istruttore")
    login(portal, "istruttore")
    actions.transition(new, "start_review")
    actions.transition(new, "avvia_sopralluogo")
    assert api.content.get_state(new) == "sopralluogo"
    actions.transition(old, "start_review")
    with pytest.raises(actions.ActionError):
        actions.transition(old, "avvia_sopralluogo")


def test_a_draft_takes_the_version_current_at_submission(portal):
    from comune.istanze.documents.attachments import add_attachment
    from comune.istanze.workflow import submission
    from tests.fixtures import PDF

    casa = make_type(portal, code="CASA")
    mario = make_citizen()
    login(portal, mario.getId())
    draft = submission.create_draft(casa)
    assert draft.workflow_version is None
    with api.env.adopt_roles(["Manager"]):
        custom.apply_definition(casa, with_sopralluogo())
    login(portal, mario.getId())
    draft.componenti, draft.isee, draft.indirizzo = 3, 9000.0, "Via Roma 1"
    add_attachment(draft, "Contratto di locazione", PDF, "c.pdf", mario.getId())
    submission.submit(draft)
    assert draft.workflow_version == 1 and api.content.get_state(draft) == "submitted"
    assert list(draft.workflow_history) == [custom.workflow_id_of(draft)]
    assert [h["review_state"] for h in draft.workflow_history[custom.workflow_id_of(draft)]] == [
        "draft", "submitted"]
    assert "sopralluogo" in _states(draft)
