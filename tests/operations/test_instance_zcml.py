"""The ZCML of a real instance (plone.autoinclude, not the test layer's
loadZCML): the add-on's ``overrides.zcml`` is in force."""


def test_the_instance_compiles_templates_one_at_a_time(original):
    assert original.run("engine") == {"engine": "comune.istanze.pagetemplates.SerialProgram"}
