"""Caption search on MariaDB (and MySQL): the FULLTEXT index on posts.caption (migration
0008), asked in boolean mode."""

import sqlalchemy as sa

TABLES: frozenset[str] = frozenset()
INDEXES = frozenset({"ix_posts_caption_fulltext"})


def captions_matching(words: list[str]):
    """Posts whose captions hold every word. Words are letters, digits and "_" only
    (text.words_of), so none of boolean mode's operators (+ - < > ( ) ~ * " @) comes from
    the user; each is required with "+"."""
    query = " ".join(f"+{word}" for word in words)
    return sa.text("MATCH (posts.caption) AGAINST (:ft_query IN BOOLEAN MODE)").bindparams(
        ft_query=query
    )
