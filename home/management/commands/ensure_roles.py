"""``manage.py ensure_roles``: the extension's command (``home`` precedes ``cms_blocks`` in
INSTALLED_APPS, so this module is the one Django finds)."""

from cms_blocks.management.commands.ensure_roles import Command  # noqa: F401
