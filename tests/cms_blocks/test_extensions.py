"""The extension points of cms_blocks.extensions, seen from the public pages."""

import pytest

from cms_blocks import extensions

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment_extension():
    def extension(request, commitment):
        return {
            "template_name": "testsite/commitment_with_action.html",
            "action_label": f"Acción para {commitment.slug}",
        }

    extensions.register_commitment_page_extension(extension)
    yield extension
    extensions.unregister_commitment_page_extension(extension)


def test_a_commitment_page_extension_fills_the_actions_block(client, content, commitment_extension):
    commitment = content.commitments[0]
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert f'<p class="test-action">Acción para {commitment.slug}</p>' in html
    # the page is still the extension's: the action sits before the commitment's facts
    assert html.index("test-action") < html.index("commitment-sheet-heading")


def test_without_extensions_the_commitment_page_has_no_action(client, content):
    html = client.get(content.commitments[0].get_absolute_url()).content.decode()
    assert "test-action" not in html
