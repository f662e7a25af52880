"""Installer for the comune.istanze package."""

from pathlib import Path
from setuptools import find_namespace_packages
from setuptools import setup


long_description = "\n\n".join(
    Path(name).read_text(encoding="utf-8") for name in ("README.md", "CHANGES.rst")
)

setup(
    name="comune.istanze",
    version="1.0.0a1",
    description="Istanze online per i Comuni italiani: tipologie di istanza, "
    "area personale, back office, protocollo, statistiche (Plone 6).",
    long_description=long_description,
    long_description_content_type="text/markdown",
    classifiers=[
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3.12",
        "License :: OSI Approved :: GNU General Public License v2 (GPLv2)",
        "Natural Language :: Italian",
    ],
    keywords="Plone istanze online comune SPID CIE pagoPA protocollo",
    license="GPL version 2",
    package_dir={"": "src"},
    packages=find_namespace_packages("src", include=["comune", "comune.*"]),
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "Plone",
        "plone.restapi",
        "plone.api",
        "plone.app.dexterity",
        "plone.schemaeditor",
        "plone.supermodel",
        "z3c.form",
        "collective.easyform",
        "collective.z3cform.datagridfield",
        "pas.plugins.authomatic",
        "zeep",
        "python-stdnum",
        "python-magic",
        "weasyprint",
        "segno",  # pagoPA notice: QR code
        "zxing-cpp",  # pagoPA notice: Data Matrix (self-contained wheel)
        "signxml",
        "pyHanko",  # PAdES and CAdES signature verification (signatures/)
        "pyhanko-certvalidator",
        "asn1crypto",
        "openpyxl",
        "PyJWT[crypto]",
        "requests",
        "ZEO",
        "lxml",  # the type XML: XSD validation with line numbers (exchange/)
    ],
    extras_require={
        "test": [
            "plone.app.testing",
            "plone.restapi[test]",
            "pytest",
            "pytest-plone",
            "pikepdf",
            "pypdf",
            "pypdfium2",  # renders PDFs to decode their codes
            "jsonschema",  # the sandbox pagoPA validates with the official schemas
            "playwright",
            "axe-playwright-python",
            "zope.testrunner",
            "i18ndude",
            "polib",
        ],
        # psycopg2-binary: a wheel, no compiler or libpq headers needed
        "relstorage": ["RelStorage", "psycopg2-binary"],
    },
    entry_points={
        "z3c.autoinclude.plugin": ["target = plone"],
    },
)
