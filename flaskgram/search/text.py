"""What a search box's words become: plain words, and LIKE patterns that match literally."""

import re

WORDS_MAX = 10
QUERY_MAX = 200  # characters of a search the pages and the API read
WORD = re.compile(r"\w+")


def words_of(query: str) -> list[str]:
    """The words of a search, lowercase, each once: no quote or operator gets through."""
    words: list[str] = []
    for word in WORD.findall((query or "")[:QUERY_MAX].casefold()):
        if word not in words:
            words.append(word)
    return words[:WORDS_MAX]


def like_prefix(column, prefix: str):
    """``column LIKE 'prefix%'``, with the prefix's own % and _ matched as themselves."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(escaped + "%", escape="\\")
