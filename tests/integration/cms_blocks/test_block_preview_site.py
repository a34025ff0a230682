"""The admin's preview of a block looks like the micrositio (its stylesheet): the site's own
template (ogp_site/templates/wagtailcore/shared/block_preview.html), so the site's suite."""

import pytest
from django.urls import reverse

from cms_blocks.blocks import CONTENT_BLOCKS
from home.models import HomePage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", [name for name, _block in CONTENT_BLOCKS][:3])
def test_admin_block_preview_has_the_site_stylesheet(seeded, admin_client, name):
    block = HomePage._meta.get_field("body").stream_block.child_blocks[name]
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    assert "css/site.css" in response.content.decode()
