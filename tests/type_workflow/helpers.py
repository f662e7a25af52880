"""Workflow definitions used by the type-workflow tests (built from the default)."""

from comune.istanze.workflow.definition import default_xml


def with_sopralluogo():
    """The default plus an office state «sopralluogo» between review and decision,
    renamed citizen titles, and the decision renamed («concludi_positivo»)."""
    xml = default_xml()
    xml = xml.replace(
        '<state id="in_review" title="In istruttoria"/>',
        '<state id="in_review" title="In istruttoria" citizen-title="In lavorazione"/>\n'
        '  <state id="sopralluogo" title="Sopralluogo" citizen-title="In verifica sul posto"/>')
    xml = xml.replace(
        '<state id="accepted" title="Accolta"/>',
        '<state id="accepted" title="Accolta" citizen-title="Domanda accolta"/>')
    xml = xml.replace(
        '<transition id="accept" kind="accept" title="Accogli" from="in_review" to="accepted"/>',
        '<transition id="avvia_sopralluogo" kind="office" title="Avvia sopralluogo" '
        'from="in_review" to="sopralluogo" roles="Istruttore"/>\n'
        '  <transition id="chiudi_sopralluogo" kind="office" title="Sopralluogo concluso" '
        'from="sopralluogo" to="in_review"/>\n'
        '  <transition id="concludi_positivo" kind="accept" title="Concludi con esito positivo" '
        'from="in_review sopralluogo" to="accepted"/>')
    return xml


def without_integration():
    """The default without the integration request (state and both transitions)."""
    lines = [line for line in default_xml().splitlines()
             if "integration" not in line and "resume_review" not in line]
    return "\n".join(lines) + "\n"
