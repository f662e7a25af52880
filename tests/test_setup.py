"""Install and uninstall."""

from plone.base.utils import get_installer


def test_installed(portal, http_request):
    installer = get_installer(portal, http_request)
    assert installer.is_product_installed("comune.istanze")
    assert "ApplicationType" in portal.portal_types
    assert "istanza_workflow" in portal.portal_workflow


def test_browserlayer(portal):
    from comune.istanze.interfaces import IComuneIstanzeLayer
    from plone.browserlayer import utils

    assert IComuneIstanzeLayer in utils.registered_layers()
