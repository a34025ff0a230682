"""Moderation of the extension's content: roles (groups and their permissions) and the review
workflow that covers every moderated public kind (``cms_blocks.moderation.roles``)."""
