"""The searchable form of published text, shared by publishing and the portal's search.

Chinese queries are often one or two characters, which word segmenters and trigram indexes
both miss. So every letter and digit of the text becomes its own token, separated by spaces:
"罚款2000元" is stored as "罚 款 2 0 0 0 元". A query term then becomes a phrase of its
characters, which the full-text engine (SQLite FTS5, PostgreSQL tsvector with the ``simple``
configuration) matches only where the characters are adjacent: an exact substring match of
any length, found through the index.
"""

import unicodedata


def characters(text: str) -> list[str]:
    """Return the letters and digits of ``text``, NFKC-normalised and lower-cased."""
    normalised = unicodedata.normalize("NFKC", text or "").lower()
    return [char for char in normalised if char.isalnum()]


def index_text(*parts: str) -> str:
    """Return the stored search text of the given parts, one token per character."""
    return " ".join(" ".join(characters(part)) for part in parts if part).strip()


# Punctuation that separates terms in a query, as spaces do, after NFKC normalisation (which
# turns the full-width ，；！？ into their ASCII forms). Other punctuation, such as the brackets
# and dashes in a document number, joins the characters around it into one term.
QUERY_SEPARATORS = str.maketrans(dict.fromkeys(",;!?、。", " "))


def query_terms(query: str, limit: int = 8) -> list[list[str]]:
    """Split a visitor's query into terms, each a list of characters.

    Spaces and list or sentence punctuation (``QUERY_SEPARATORS``) separate terms. Terms with
    no letter or digit are dropped; at most ``limit`` terms are kept.
    """
    normalised = unicodedata.normalize("NFKC", query or "").translate(QUERY_SEPARATORS)
    terms = [characters(term) for term in normalised.split()]
    return [term for term in terms if term][:limit]
