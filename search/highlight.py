"""Excerpts and titles with the matched words in ``<mark>``, HTML-escaped."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import WORD_RE, term

EXCERPT_WORDS = 32
MAX_SCAN_CHARS = 60_000


def _spans(text, stored_terms=None):
    """[(start, end, term)] for each word of ``text``.

    ``stored_terms`` (the document's indexed terms, one per word, possibly followed by
    extra keywords) spares stemming again; when it does not line up, terms are computed.
    """
    matches = list(WORD_RE.finditer(text))
    if stored_terms is not None:
        stored = stored_terms.split()
        if len(stored) >= len(matches):
            return [(m.start(), m.end(), t) for m, t in zip(matches, stored, strict=False)]
    return [(m.start(), m.end(), term(m.group())) for m in matches]


def _render(text, spans, wanted, start_char, end_char):
    """Escape text[start_char:end_char], wrapping the words whose term is wanted in <mark>."""
    out = []
    position = start_char
    for start, end, t in spans:
        if start < start_char or end > end_char:
            continue
        if t in wanted:
            out.append(escape(text[position:start]))
            out.append(f"<mark>{escape(text[start:end])}</mark>")
            position = end
    out.append(escape(text[position:end_char]))
    return "".join(out)


def highlight(text, wanted, stored_terms=None):
    """The whole (short) text, escaped, with the matched words marked."""
    text = text or ""
    if not wanted:
        return escape(text)
    return mark_safe(_render(text, _spans(text, stored_terms), set(wanted), 0, len(text)))


def _best_window(part_terms, wanted, size):
    """(score, first word index) of the window of ``size`` words with the most distinct
    matched terms, then the most matches; None without a match."""
    hits = [i for i, t in enumerate(part_terms) if t in wanted]
    best = None
    right = 0
    for left_index, left in enumerate(hits):
        while right < len(hits) and hits[right] < left + size:
            right += 1
        window = hits[left_index:right]
        score = (len({part_terms[i] for i in window}), len(window))
        if best is None or score > best[0]:
            best = (score, left)
    return best


def _part_terms(text, stored_terms):
    """One term per word: the stored terms when they line up with the text (checked on a
    sample), else computed here."""
    if stored_terms:
        stored = stored_terms.split()
        sample = [m.group() for m in WORD_RE.finditer(text[:400])][:8]
        if len(stored) >= len(sample) and all(
            term(w) == t for w, t in zip(sample, stored, strict=False)
        ):
            return stored
    return [term(w) for w in WORD_RE.findall(text)]


def excerpt(parts, wanted, size=EXCERPT_WORDS):
    """About ``size`` words around the densest cluster of matched words, escaped and marked.

    ``parts``: [(text, stored_terms or None)], searched in order (lead, then body). The
    excerpt comes from the part with the best window; without a match, the first words.
    """
    wanted = set(wanted or ())
    best = None  # (score, text, part_terms, first word index)
    first_part = None
    for text, stored_terms in parts:
        text = (text or "")[:MAX_SCAN_CHARS]
        part_terms = _part_terms(text, stored_terms)
        if not part_terms:
            continue
        if first_part is None:
            first_part = (text, part_terms)
        window = _best_window(part_terms, wanted, size)
        if window is not None and (best is None or window[0] > best[0]):
            best = (window[0], text, part_terms, window[1])
    if first_part is None:
        return ""
    if best is None:
        text, part_terms = first_part
        first = 0
    else:
        _score, text, part_terms, first = best
        first = max(0, first - 4)  # a few words of context before the first match
    last = min(len(part_terms), first + size) - 1
    spans = []
    for index, match in enumerate(WORD_RE.finditer(text)):
        if index > last:
            break
        if index >= first:
            spans.append((match.start(), match.end(), part_terms[index]))
    if not spans:
        return ""
    start_char = 0 if first == 0 else spans[0][0]
    is_end = last >= len(part_terms) - 1
    end_char = len(text) if is_end else spans[-1][1]
    body = " ".join(_render(text, spans, wanted, start_char, end_char).split())
    prefix = "… " if start_char > 0 else ""
    suffix = " …" if end_char < len(text.rstrip()) else ""
    return mark_safe(f"{prefix}{body}{suffix}")
