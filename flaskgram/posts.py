"""Rules for posts: who may change one, creating, editing and deleting them."""

import io

import sqlalchemy as sa

from . import fetch, media, problems, validation
from .counts import add_to_count
from .database import rows_changed
from .extensions import db
from .models import Post, User, utcnow


class PostGone(problems.NotFound):
    """The post was deleted, or changed, while someone was acting on it."""

    default_message = "That post was just deleted."


class AuthorGone(problems.Unauthorized, LookupError):
    """The author's account was deleted while they were posting."""

    # To an API client the token it sent no longer stands for anyone.
    code = "invalid_token"
    default_message = "This account was deleted."


def can_edit_post(user: User, post: Post) -> bool:
    return post.user_id == user.id


def check_image_source(image_url: str | None, *, has_file: bool) -> None:
    """A post shows a photo or an image address: exactly one of the two."""
    has_url = bool((image_url or "").strip())
    if has_file and has_url:
        raise validation.Invalid("Choose a photo or give an address, not both.", field="image")
    if not has_file and not has_url:
        raise validation.Invalid(
            "Choose a photo to upload or give an image address.", field="image"
        )


def create_post(
    author: User,
    *,
    caption: str = "",
    alt_text: str = "",
    image_url: str | None = None,
    upload=None,
    image=None,
) -> Post:
    """Create a post from an uploaded file, or from the picture at an https:// address.

    The HTML form and the API both come here with exactly one of ``upload`` (a file) and
    ``image_url``; ``image`` (a media.SavedImage already written) is for seeding data. A
    picture by address is downloaded now, once (fetch.py, SECURITY.md case 44), and
    stored like an upload, so viewers never contact the other site. Raises a
    problems.Problem (at the field the picture came from), leaving no row and no file
    behind; AuthorGone if the author's account was deleted in the meantime.
    """
    caption = validation.clean_caption(caption)
    alt_text = validation.clean_alt_text(alt_text)
    if image is not None:
        return add_post(author, caption, alt_text, image)
    check_image_source(image_url, has_file=upload is not None)
    if upload is not None:
        with problems.at_field("image"), media.saved_upload(upload) as saved:
            return add_post(author, caption, alt_text, saved)  # files first, then the row
    with problems.at_field("image_url"):
        source_url = validation.clean_image_url(image_url)
        picture = fetch.fetch_image(source_url)
        with media.saved_upload(io.BytesIO(picture)) as fetched:
            return add_post(author, caption, alt_text, fetched, source_url=source_url)


def add_post(author: User, caption: str, alt_text: str, image, source_url=None) -> Post:
    post = Post(
        user_id=author.id,
        caption=caption,
        alt_text=alt_text,
        image_name=image.name,
        image_width=image.width,
        image_height=image.height,
        source_url=source_url,
    )
    # This locks the author's row, as accounts.lock_user does: an account deletion
    # running now either waits for this post (and deletes its files) or went first.
    if not add_to_count(User.post_count, author.id, +1):
        db.session.rollback()
        raise AuthorGone  # the caller's saved_upload block removes the files
    db.session.add(post)
    db.session.commit()
    return post


def keep_remote_picture(post: Post) -> None:
    """Fetch and store the picture of a post made by address before pictures were kept.

    Raises validation.Invalid if it can't be fetched, or PostGone if the post was
    deleted (or fetched by someone else) meanwhile; either way no file is left behind.
    """
    source_url = post.image_url
    if source_url is None:
        raise PostGone  # its picture was fetched and kept already
    picture = fetch.fetch_image(source_url)
    with media.saved_upload(io.BytesIO(picture)) as image:
        kept = rows_changed(
            sa.update(Post)
            .where(Post.id == post.id, Post.image_url == source_url)
            .values(
                image_url=None,
                image_name=image.name,
                image_width=image.width,
                image_height=image.height,
                source_url=source_url,
            )
        )
        if kept != 1:
            db.session.rollback()
            raise PostGone
        db.session.commit()


def edit_post(post: Post, *, caption: str | None, alt_text: str | None) -> None:
    post.caption = validation.clean_caption(caption)
    post.alt_text = validation.clean_alt_text(alt_text)
    post.edited_at = utcnow()
    db.session.commit()


def delete_post(post: Post) -> None:
    """Delete the post with its likes, comments and image files."""
    add_to_count(User.post_count, post.user_id, -1)
    deleted = rows_changed(sa.delete(Post).where(Post.id == post.id))
    if deleted != 1:
        db.session.rollback()  # a concurrent delete got there first, and counted it
        return
    db.session.commit()
    if post.image_name:
        media.delete_image(post.image_name)
