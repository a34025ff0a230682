"""Extension points for apps that build on cms_blocks.

cms_blocks never imports the apps that extend it: they register here, usually from their
``AppConfig.ready()``. Two extension points exist:

- **Tally providers** add votes counted elsewhere (e.g. online ballots) to a consultation's
  results. ``provider(consultation, option_ids)`` returns ``{option_id: votes}`` and must run
  at most one (aggregate) query, so that a consultation page's query count stays constant.
- **Option removal guards** name the options that must not be removed from a consultation
  (e.g. because online votes point at them): ``guard(option_ids)`` returns the protected ids,
  and the consultation's admin form refuses to remove them with a clear message.
- **Consultation page extensions** add an action (e.g. a voting form) and context to the public
  consultation page. ``extension(request, consultation)`` returns a dict of extra context; the
  key ``template_name`` (optional) names a template that extends
  ``cms_blocks/pages/consultation_detail.html`` and fills its ``consultation_action`` and
  ``consultation_results_after`` blocks.
- **Commitment page extensions** do the same for the public commitment page
  (``extension(request, commitment)``; a ``template_name`` extends
  ``cms_blocks/pages/commitment_detail.html`` and fills its ``commitment_actions`` block), e.g. a
  link to follow the commitment. The page is served from the anonymous page cache, so what an
  extension adds must be the same for every anonymous visitor (no form with a CSRF token).
"""

DEFAULT_CONSULTATION_TEMPLATE = "cms_blocks/pages/consultation_detail.html"
DEFAULT_COMMITMENT_TEMPLATE = "cms_blocks/pages/commitment_detail.html"

_tally_providers = []
_consultation_page_extensions = []
_commitment_page_extensions = []


def register_tally_provider(provider):
    if provider not in _tally_providers:
        _tally_providers.append(provider)
    return provider


def unregister_tally_provider(provider):
    if provider in _tally_providers:
        _tally_providers.remove(provider)


def extra_votes(consultation, options):
    """{option_id: votes} summed over every registered tally provider."""
    option_ids = [option.pk for option in options if option.pk is not None]
    totals = {}
    if not option_ids:
        return totals
    for provider in _tally_providers:
        for option_id, votes in (provider(consultation, option_ids) or {}).items():
            totals[option_id] = totals.get(option_id, 0) + int(votes or 0)
    return totals


_option_removal_guards = []


def register_option_removal_guard(guard):
    if guard not in _option_removal_guards:
        _option_removal_guards.append(guard)
    return guard


def protected_options(option_ids):
    """The ids among ``option_ids`` that some guard says must not be removed."""
    option_ids = [pk for pk in option_ids if pk is not None]
    protected = set()
    if option_ids:
        for guard in _option_removal_guards:
            protected |= set(guard(option_ids) or ())
    return protected


def register_consultation_page_extension(extension):
    if extension not in _consultation_page_extensions:
        _consultation_page_extensions.append(extension)
    return extension


def _extend_page(extensions, template_name, request, obj, context):
    """Update ``context`` in place from each extension; return the template to render (the
    last one set wins)."""
    for extension in extensions:
        extra = dict(extension(request, obj) or {})
        template_name = extra.pop("template_name", None) or template_name
        context.update(extra)
    return template_name


def extend_consultation_page(request, consultation, context):
    return _extend_page(
        _consultation_page_extensions, DEFAULT_CONSULTATION_TEMPLATE, request, consultation, context
    )


def register_commitment_page_extension(extension):
    if extension not in _commitment_page_extensions:
        _commitment_page_extensions.append(extension)
    return extension


def unregister_commitment_page_extension(extension):
    if extension in _commitment_page_extensions:
        _commitment_page_extensions.remove(extension)


def extend_commitment_page(request, commitment, context):
    return _extend_page(
        _commitment_page_extensions, DEFAULT_COMMITMENT_TEMPLATE, request, commitment, context
    )
