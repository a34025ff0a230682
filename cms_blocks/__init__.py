"""OGP Local building blocks for Wagtail: snippets, StreamField blocks and their admin."""
