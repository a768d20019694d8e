"""Caption search on MariaDB (and MySQL): the FULLTEXT index on posts.caption (migration
0008), asked in boolean mode."""

import sqlalchemy as sa

TABLES: frozenset[str] = frozenset()
INDEXES = frozenset({"ix_posts_caption_fulltext"})
# InnoDB indexes no word shorter than innodb_ft_min_token_size (3 by default) and none of
# its default stopwords; a required one ("+the") would match nothing, so they are left out.
MIN_WORD = 3
STOPWORDS = frozenset(
    "a about an are as at be by com de en for from how i in is it la of on or that the "
    "this to was what when where who will with und www".split()
)


def captions_matching(words: list[str]):
    """Posts whose captions hold every (indexed) word. Words are letters, digits and "_"
    only (text.words_of), so none of boolean mode's operators (+ - < > ( ) ~ * " @) comes
    from the user; each is required with "+"."""
    indexed = [word for word in words if len(word) >= MIN_WORD and word not in STOPWORDS]
    if not indexed:
        return sa.false()
    query = " ".join(f"+{word}" for word in indexed)
    return sa.text("MATCH (posts.caption) AGAINST (:ft_query IN BOOLEAN MODE)").bindparams(
        ft_query=query
    )
