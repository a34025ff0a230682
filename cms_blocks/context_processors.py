"""Template context the extension's public templates need from every request."""

from . import conf


def cms_blocks(request):
    """``cms_blocks_base_template``: the host's base template (``CMS_BLOCKS_BASE_TEMPLATE``),
    which cms_blocks/base.html extends."""
    return {"cms_blocks_base_template": conf.get("CMS_BLOCKS_BASE_TEMPLATE")}
