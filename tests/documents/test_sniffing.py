"""The file name's extension must agree with the sniffed content."""

from comune.istanze.documents.sniffing import check_upload
from comune.istanze.documents.sniffing import UploadRejected
from tests.fixtures import PDF

import pytest


@pytest.mark.parametrize("filename", ["contratto.pdf", "CONTRATTO.PDF", "contratto", None,
                                      "Contratto di locazione", "scansione 12.3 finale.pdf"])
def test_a_pdf_named_as_a_pdf_or_without_extension_passes(filename):
    assert check_upload(PDF, "pdf", 1, "Contratto", filename=filename) == "application/pdf"


@pytest.mark.parametrize("filename", ["contratto.exe", "contratto.pdf.exe", "contratto.html",
                                      "contratto.png", "contratto.zip"])
def test_a_pdf_with_another_extension_is_refused(filename):
    with pytest.raises(UploadRejected) as refused:
        check_upload(PDF, "pdf", 1, "Contratto", filename=filename)
    message = refused.value.message
    assert message.startswith("Il file «${name}» ha l'estensione")
    assert message.mapping["ext"] == filename.rsplit(".", 1)[1]


def test_the_label_is_the_file_name_when_no_name_is_given():
    with pytest.raises(UploadRejected):
        check_upload(PDF, "pdf", 1, "contratto.exe")
