"""Spanish text normalisation shared by the index and the query, on every database.

One function turns a word into its index term: casefold, strip accents (``participación`` →
``participacion``), then the Snowball Spanish stemmer (``compromisos`` → ``compromis``). Both
the indexed text and the citizen's query go through it, so plural and singular, accented and
unaccented, upper and lower case meet in the same term on SQLite and on PostgreSQL alike.

Stop words (``de``, ``los``...) are kept in the index, folded but not stemmed, so that each
word of the original text has exactly one term (the excerpt finds matches by position), and
are dropped from queries.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# A word: letters and digits of any script. Underscores, punctuation, emoji, control
# characters and operators (" * - + ( ) : ^ | & ! < >) are separators.
WORD_RE = re.compile(r"[^\W_]+")

# Spanish function words, already folded (no accents). They carry no meaning in a query.
STOPWORDS = frozenset(
    """
    a al algo algun alguna algunas alguno algunos ante antes aquel aquella aquellas aquello
    aquellos aqui asi bajo cada como con contra cual cuales cuando cuyo cuya de del desde
    donde durante e el ella ellas ello ellos en entre era eran es esa esas ese eso esos esta
    estaba estan estas este esto estos fue fueron ha han hasta hay la las le les lo los mas
    me mi mis mucho muy ni no nos o os otra otras otro otros para pero poco por porque que
    quien quienes se segun ser si sido sin sobre su sus tambien tan tanto te tiene tienen
    toda todas todo todos tras tu tus u un una unas uno unos usted ustedes y ya yo
    """.split()  # noqa: SIM905 (a readable list)
)

_stemmer = snowballstemmer.stemmer("spanish")


def fold(text):
    """Casefold and strip accents (NFKD, then drop combining marks): «Comité» → «comite»."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def term(word):
    """The index term of one word: folded, and stemmed unless it is a stop word."""
    folded = fold(word)
    if folded in STOPWORDS:
        return folded
    # Folding may split a word (rare ligatures): keep letters and digits only.
    folded = "".join(WORD_RE.findall(folded))
    return _stemmer.stemWord(folded) if folded else ""


# The term of a word that is shown but never searched (the label of a fact, «Sector:»):
# not a word character, so no query term equals it and neither FTS5 nor PostgreSQL's
# ``simple`` parser keeps it as a token, yet it keeps one term per word for the excerpt.
UNSEARCHED = "_"


def unsearched_terms(text):
    """One ``UNSEARCHED`` term per word of ``text``."""
    return " ".join(UNSEARCHED for _ in WORD_RE.findall(text or ""))


def words(text):
    """The words of a text, in order."""
    return WORD_RE.findall(text or "")


def terms(text):
    """One index term per word of ``text`` (stop words included), space-separated."""
    return " ".join(t for t in (term(w) for w in words(text)) if t)


def aligned_terms(text):
    """Exactly one term per word of ``text`` (a word without one gets ``UNSEARCHED``)."""
    return " ".join(term(w) or UNSEARCHED for w in words(text))


def is_stopword(word):
    return fold(word) in STOPWORDS


# -- queries ------------------------------------------------------------------------------

MAX_QUERY_CHARS = 200  # what we search for; longer input is cut (and the citizen told)
MAX_QUERY_TERMS = 12
MAX_ECHO_CHARS = 1000  # what we show back in the search box

_CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean_input(raw):
    """The query as typed, without control characters (NUL...) and with single spaces."""
    raw = (raw or "")[: MAX_ECHO_CHARS * 4]
    cleaned = "".join(" " if unicodedata.category(c) in _CONTROL_CATEGORIES else c for c in raw)
    return " ".join(cleaned.split())[:MAX_ECHO_CHARS]


class ParsedQuery:
    """What a citizen typed, and the terms we search for.

    ``text``: the cleaned input (kept and shown back); ``terms``: distinct index terms of
    the meaningful words, in order; ``truncated``: the input was longer than we search;
    ``only_stopwords``: there were words, but all of them too common to search.
    """

    def __init__(self, raw):
        self.text = clean_input(raw)
        searched = self.text[:MAX_QUERY_CHARS]
        self.truncated = len(self.text) > MAX_QUERY_CHARS
        if self.truncated and " " in searched:
            searched = searched.rsplit(" ", 1)[0]  # do not search half a word
        all_words = words(searched)
        meaningful = [w for w in all_words if not is_stopword(w)]
        seen = []
        for word in meaningful:
            t = term(word)
            if t and t not in seen:
                seen.append(t)
        self.truncated = self.truncated or len(seen) > MAX_QUERY_TERMS
        self.terms = seen[:MAX_QUERY_TERMS]
        self.has_words = bool(all_words)
        self.only_stopwords = bool(all_words) and not meaningful

    @property
    def searchable(self):
        return bool(self.terms)

    def __bool__(self):
        return bool(self.text)

    def __repr__(self):
        return f"<ParsedQuery {self.text!r} → {self.terms}>"
