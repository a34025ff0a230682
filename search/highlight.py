"""Excerpts and titles with the matched words in ``<mark>``, HTML-escaped."""

import re
from html import unescape

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .text import UNSEARCHED, WORD_RE, term

EXCERPT_WORDS = 32  # the first passage: about this many words around the densest matches
EXTRA_WORDS = 12  # each further passage, for the query's words the first one lacks
MAX_PASSAGES = 3
CONTEXT_WORDS = 4  # words shown before a passage's first match
MAX_SCAN_CHARS = 60_000
_ENDS_SENTENCE = re.compile(r"[.:;!?…]\s*$")
_TAG = re.compile(r"</?mark>")


def _spans(text, stored_terms=None, language=None):
    """[(start, end, term)] for each word of ``text`` (in ``language``).

    ``stored_terms`` (the document's indexed terms, one per word, possibly followed by
    extra keywords) spares stemming again; when it does not line up, terms are computed.
    """
    matches = list(WORD_RE.finditer(text))
    if stored_terms is not None:
        stored = stored_terms.split()
        if len(stored) >= len(matches):
            return [(m.start(), m.end(), t) for m, t in zip(matches, stored, strict=False)]
    return [(m.start(), m.end(), term(m.group(), language)) for m in matches]


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


def highlight(text, wanted, stored_terms=None, language=None):
    """The whole (short) text, escaped, with the matched words marked (``wanted``: terms of
    ``language``'s analysis, the text's language)."""
    text = text or ""
    if not wanted:
        return escape(text)
    spans = _spans(text, stored_terms, language)
    return mark_safe(_render(text, spans, set(wanted), 0, len(text)))


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


def _part_terms(text, stored_terms, language=None):
    """One term per word of ``text``: the stored terms when they line up with the text
    (checked on a sample; a label's words have the unsearched term), else computed here.
    Stored terms past the text's last word (keywords, or text cut at MAX_SCAN_CHARS) are
    dropped: they are searched, not shown."""
    if stored_terms:
        stored = stored_terms.split()
        found = WORD_RE.findall(text)
        sample = found[:8]
        if len(stored) >= len(found) and all(
            t == UNSEARCHED or term(w, language) == t for w, t in zip(sample, stored, strict=False)
        ):
            return stored[: len(found)]
    return [term(w, language) for w in WORD_RE.findall(text)]


def _lines(fragment):
    """One line: the text's line breaks (between fields, paragraphs, list items) become
    « · » unless the line already ends a sentence; lines without words are dropped."""
    out, previous = "", ""
    for line in fragment.split("\n"):
        line = " ".join(line.split())
        plain = unescape(_TAG.sub("", line))
        if not WORD_RE.search(plain):
            continue
        if out:
            out += " " if _ENDS_SENTENCE.search(previous) else " · "
        out += line
        previous = plain
    return out


def _passages(prepared, wanted, size):
    """[(part index, first word, last word)]: the passage of ``size`` words with the most
    distinct matched terms, then, while some matched term is not shown yet, a shorter
    passage for those (up to MAX_PASSAGES). In reading order, overlaps merged."""
    remaining = set(wanted)
    passages = []
    while remaining and len(passages) < MAX_PASSAGES:
        window_size = size if not passages else EXTRA_WORDS
        best = None
        for index, (_text, part_terms) in enumerate(prepared):
            window = _best_window(part_terms, remaining, window_size)
            if window is not None and (best is None or window[0] > best[0]):
                best = (window[0], index, window[1])
        if best is None:
            break
        _score, index, first_hit = best
        part_terms = prepared[index][1]
        first = max(0, first_hit - CONTEXT_WORDS)
        last = min(len(part_terms), first + window_size) - 1
        last = max(last, first_hit)
        covered = {t for t in part_terms[first : last + 1] if t in remaining}
        if not covered:
            break
        remaining -= covered
        passages.append((index, first, last))
    passages.sort()
    merged = []
    for index, first, last in passages:
        if merged and merged[-1][0] == index and first <= merged[-1][2] + 1:
            merged[-1] = (index, merged[-1][1], max(last, merged[-1][2]))
        else:
            merged.append((index, first, last))
    return merged


def _render_passage(text, part_terms, wanted, first, last):
    """(html, cut before, cut after) of words first..last of ``text``."""
    spans = []
    for index, match in enumerate(WORD_RE.finditer(text)):
        if index > last:
            break
        if index >= first:
            spans.append((match.start(), match.end(), part_terms[index]))
    if not spans:
        return "", False, False
    start_char = 0 if first == 0 else spans[0][0]
    is_end = last >= len(part_terms) - 1
    end_char = len(text) if is_end else spans[-1][1]
    html = _lines(_render(text, spans, wanted, start_char, end_char))
    return html, start_char > 0, end_char < len(text.rstrip())


def excerpt(parts, wanted, size=EXCERPT_WORDS, language=None):
    """The passages where the query's words occur, escaped, the words in ``<mark>``.

    ``parts``: [(text, stored_terms or None)], in reading order (lead, then body). First
    about ``size`` words around the densest cluster of matched words; then, for matched
    words that passage lacks (say the query names a member's sector and the text's body),
    shorter passages, joined by « … ». Without a match, the first words. ``language``: the
    text's (its terms' analysis).
    """
    wanted = set(wanted or ())
    prepared = []
    for text, stored_terms in parts:
        text = (text or "")[:MAX_SCAN_CHARS]
        part_terms = _part_terms(text, stored_terms, language)
        if part_terms:
            prepared.append((text, part_terms))
    if not prepared:
        return ""
    passages = _passages(prepared, wanted, size)
    if not passages:
        passages = [(0, 0, min(len(prepared[0][1]), size) - 1)]
    out = ""
    previous_cut = False
    for index, first, last in passages:
        text, part_terms = prepared[index]
        html, cut_before, cut_after = _render_passage(text, part_terms, wanted, first, last)
        if not html:
            continue
        if not out:
            out = ("… " if cut_before else "") + html
        else:
            out += (" … " if previous_cut or cut_before else " · ") + html
        previous_cut = cut_after
    if out and previous_cut:
        out += " …"
    return mark_safe(out)
