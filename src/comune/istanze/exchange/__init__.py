"""One XML document per application type (issue 13 §3).

- :mod:`.document`: export (settings by walking the type's schemata, the form
  as plone.supermodel, the workflow, ranking rules, offices), canonical bytes;
- :mod:`.validation`: the XSD (``schema/tipologia-1.xsd``, served at
  ``<site>/tipologia-1.xsd``) with Italian, line-numbered errors;
- :mod:`.importer` and :mod:`.references`: import planned in memory, missing
  references reported and mapped, created all or nothing;
- :mod:`.versions`: the type's definition versions and their diff;
- :mod:`.library`: ready types shipped as XML files in ``library/``;
- :mod:`.views` and :mod:`.rest`: the editor's pages and the REST services.
"""
