"""One real instance for the operations tests (backups, the operator's guide):
laid out as ``make start`` does, ZEO running, a site with 3 submitted
applications (tests/operations/site_script.py ``setup``)."""

from tests.operations.instance import Instance

import pytest


@pytest.fixture(scope="package")
def original(tmp_path_factory):
    home = tmp_path_factory.mktemp("operations-original")
    site = Instance(home).write().start_zeo()
    try:
        site.state = site.run("setup", 3)
        site.backups = home / "backups"
        yield site
    finally:
        site.stop()
