"""Text normalisation shared by the index and the query, on every database, per language.

One function turns a word into its index term: casefold, strip accents (``participación`` →
``participacion``), then the Snowball stemmer of the text's language: Spanish
(``compromisos`` → ``compromis``) or English (``commitments`` → ``commit``). Both the indexed
text and the citizen's query go through it, so plural and singular, accented and unaccented,
upper and lower case meet in the same term on SQLite and on PostgreSQL alike; the database
side never knows the language (it compares terms).

Each function takes the language of the text (a language code, ``es-co``, ``en``...; None:
the site's source language, ``LANGUAGE_CODE``). A language without its own analysis is read
with the Spanish one, as every text was before the site had a second language.

Stop words (``de``, ``los``...; ``the``, ``of``...) are kept in the index, folded but not
stemmed, so that each word of the original text has exactly one term (the excerpt finds
matches by position), and are dropped from queries.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# A word: letters and digits of any script. Underscores, punctuation, emoji, control
# characters and operators (" * - + ( ) : ^ | & ! < >) are separators.
WORD_RE = re.compile(r"[^\W_]+")

# Spanish function words, already folded (no accents). They carry no meaning in a query.
SPANISH_STOPWORDS = frozenset(
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

# English function words, already folded (Snowball's English list, without the contractions
# that the word pattern splits: «don't» is «don» and «t»).
ENGLISH_STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could d did do does doing don down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just ll m me more most my myself no nor not now o of off on
    once only or other our ours ourselves out over own re s same she should so some such t
    than that the their theirs them themselves then there these they this those through to
    too under until up ve very was we were what when where which while who whom why will
    with would you your yours yourself yourselves
    """.split()  # noqa: SIM905 (a readable list)
)

SPANISH, ENGLISH = "es", "en"
DEFAULT_ANALYSIS = SPANISH
# The analysis of each language (by its primary subtag): (Snowball stemmer, stop words).
ANALYSES = {
    SPANISH: (snowballstemmer.stemmer("spanish"), SPANISH_STOPWORDS),
    ENGLISH: (snowballstemmer.stemmer("english"), ENGLISH_STOPWORDS),
}
STOPWORDS = SPANISH_STOPWORDS  # the name they had before the English analysis


def _source_language():
    try:
        from django.conf import settings

        return settings.LANGUAGE_CODE
    except Exception:  # settings not configured (a script): the site's language
        return DEFAULT_ANALYSIS


@lru_cache(maxsize=64)
def _analysis_key(language):
    primary = (language or "").split("-")[0].split("_")[0].lower()
    return primary if primary in ANALYSES else DEFAULT_ANALYSIS


def analysis(language=None):
    """The analysis (``"es"``, ``"en"``) that reads text in ``language`` (None: the source
    language's; a language without its own analysis: the Spanish one)."""
    return _analysis_key(language or _source_language())


def stopwords(language=None):
    """The folded stop words of ``language``."""
    return ANALYSES[analysis(language)][1]


def fold(text):
    """Casefold and strip accents (NFKD, then drop combining marks): «Comité» → «comite»."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def term(word, language=None):
    """The index term of one word in ``language``: folded, and stemmed unless it is a stop
    word."""
    return _term(word, analysis(language))


@lru_cache(maxsize=200_000)
def _term(word, key):
    stemmer, stop = ANALYSES[key]
    folded = fold(word)
    if folded in stop:
        return folded
    # Folding may split a word (rare ligatures): keep letters and digits only.
    folded = "".join(WORD_RE.findall(folded))
    return stemmer.stemWord(folded) if folded else ""


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


def terms(text, language=None):
    """One index term per word of ``text`` (stop words included), space-separated."""
    key = analysis(language)
    return " ".join(t for t in (_term(w, key) for w in words(text)) if t)


def aligned_terms(text, language=None):
    """Exactly one term per word of ``text`` (a word without one gets ``UNSEARCHED``)."""
    key = analysis(language)
    return " ".join(_term(w, key) or UNSEARCHED for w in words(text))


def is_stopword(word, language=None):
    return fold(word) in stopwords(language)


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

    ``language``: the analysis of the terms (None: the source language's). ``written_in``:
    the language the citizen wrote in, when it is another (an English reader's query read
    with the Spanish analysis, to find content not translated yet): its stop words are
    dropped too («the», «of» mean nothing in a Spanish text either).
    """

    def __init__(self, raw, language=None, written_in=None):
        self.language = language
        self.text = clean_input(raw)
        searched = self.text[:MAX_QUERY_CHARS]
        self.truncated = len(self.text) > MAX_QUERY_CHARS
        if self.truncated and " " in searched:
            searched = searched.rsplit(" ", 1)[0]  # do not search half a word
        all_words = words(searched)
        key = analysis(language)
        stop = stopwords(language)
        if written_in is not None and analysis(written_in) != key:
            stop = stop | stopwords(written_in)
        meaningful = [w for w in all_words if fold(w) not in stop]
        seen = []
        for word in meaningful:
            t = _term(word, key)
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
