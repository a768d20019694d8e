"""Model objects to the dictionaries the output schemas (schemas.py) dump.

A post goes out as its ``feeds.PostCard``: the one view model the pages use too, with
what this viewer may do to it computed once for the whole page.
"""

from flask import url_for

from .. import feeds, mentions, posts
from .images import image_url


def avatar_of(user) -> dict | None:
    if not user.avatar_name:
        return None
    return {
        "url": image_url(user.avatar_name),
        "thumbnail_url": image_url(user.avatar_name, thumbnail=True),
    }


def author_of(user) -> dict:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "avatar": avatar_of(user),
    }


def profile_of(user, *, followed_by_me: bool) -> dict:
    return {
        **author_of(user),
        "bio": user.bio,
        "post_count": user.post_count,
        "follower_count": user.follower_count,
        "following_count": user.following_count,
        "followed_by_me": followed_by_me,
        "created_at": user.created_at,
    }


def images_of(post) -> list[dict]:
    return [image_of(post, photo) for photo in post.images]


def image_of(post, photo) -> dict:
    if photo.image_name:
        url = image_url(photo.image_name)
        thumbnail_url = image_url(photo.image_name, thumbnail=True)
    else:
        # An image address: the client loads it from there (until it is fetched and kept).
        url = thumbnail_url = photo.remote_url
    downloadable = posts.downloadable_photo(post, photo.position) is not None
    return {
        "position": photo.position,
        "url": url,
        "thumbnail_url": thumbnail_url,
        "width": photo.width,
        "height": photo.height,
        "alt_text": photo.alt_text,
        "original_url": (
            url_for("api.original", post_id=post.id, number=photo.position)
            if downloadable
            else None
        ),
    }


def post_of(card: feeds.PostCard) -> dict:
    post = card.post
    return {
        "id": post.id,
        "author": author_of(post.author),
        "images": images_of(post),
        "caption": post.caption,
        "mentions": mentioned(post.caption, card.people),
        "like_count": post.like_count,
        "comment_count": post.comment_count,
        "liked": card.liked,
        "saved": card.saved,
        "can_edit": card.can_edit,
        "can_delete": card.can_delete,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
    }


def mentioned(text: str, people: frozenset[str]) -> list[str]:
    """The names the text mentions that are people: clients link these, as the pages do."""
    return [name for name in mentions.names_in(text) if name in people]


def comment_of(comment, *, can_delete: bool, people: frozenset[str]) -> dict:
    """A comment; ``people`` is mentions.known_names of its page's comments."""
    return {
        "id": comment.id,
        "post_id": comment.post_id,
        "author": author_of(comment.author),
        "body": comment.body,
        "mentions": mentioned(comment.body, people),
        "can_delete": can_delete,
        "created_at": comment.created_at,
    }
