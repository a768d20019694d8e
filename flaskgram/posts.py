"""Rules for posts: who may change one, creating, editing and deleting them."""

import io
from collections.abc import Sequence

import sqlalchemy as sa
from flask import current_app

from . import fetch, limits, media, mentions, notifications, problems, tags, validation
from .counts import add_to_count
from .database import rows_changed
from .extensions import db
from .models import Notification, Post, PostImage, User, utcnow


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


def originals_downloadable() -> bool:
    """Whether this site lets people download kept originals (ORIGINALS_DOWNLOADABLE)."""
    return bool(current_app.config["ORIGINALS_DOWNLOADABLE"])


def downloadable_photo(post: Post, number: int) -> PostImage | None:
    """The post's photo at this place (from 1), if its original may be downloaded.

    Whoever may see the post may download its originals (the caller found the post
    through feeds.visible_posts), unless the site turned downloads off. Photos stored
    before originals were kept, and pictures fetched by address, have none.
    """
    if not originals_downloadable():
        return None
    photo = next((photo for photo in post.images if photo.position == number), None)
    return photo if photo is not None and photo.original_name else None


def downloadable_numbers(post: Post) -> list[int]:
    """The places of the post's photos whose originals may be downloaded."""
    return [photo.position for photo in post.images if downloadable_photo(post, photo.position)]


def original_download_name(post: Post, number: int) -> str:
    """The file name a download is saved under: which post and photo, nothing else."""
    return f"flaskgram-{post.id}-{number}.jpg"


def check_image_source(image_url: str | None, *, has_file: bool) -> None:
    """A post shows photos or an image address: exactly one of the two."""
    has_url = bool((image_url or "").strip())
    if has_file and has_url:
        raise validation.Invalid("Choose photos or give an address, not both.", field="image")
    if not has_file and not has_url:
        raise validation.Invalid(
            "Choose a photo to upload or give an image address.", field="image"
        )


def check_photo_count(count: int) -> None:
    if count > limits.PHOTOS_PER_POST_MAX:
        raise validation.Invalid(
            f"A post holds at most {limits.PHOTOS_PER_POST_MAX} photos "
            f"(you chose {count}). Choose fewer and try again.",
            field="image",
        )


def clean_alt_texts(alt_texts: Sequence[str | None], photos: int) -> list[str]:
    """One alt text per photo, in the photos' order; a photo without one gets ""."""
    if len(alt_texts) > photos:
        raise validation.Invalid(
            f"Give one alt text per photo ({len(alt_texts)} alt texts for "
            f"{photos} {'photo' if photos == 1 else 'photos'}).",
            field="alt_text",
        )
    cleaned = [validation.clean_alt_text(text) for text in alt_texts]
    return cleaned + [""] * (photos - len(cleaned))


def create_post(
    author: User,
    *,
    caption: str = "",
    alt_texts: Sequence[str | None] = (),
    image_url: str | None = None,
    uploads: Sequence = (),
    images: Sequence[media.SavedImage] = (),
) -> Post:
    """Create a post from uploaded files, or from the picture at an https:// address.

    The HTML form and the API both come here with exactly one of ``uploads`` (1 to
    limits.PHOTOS_PER_POST_MAX files, in the post's order) and ``image_url``, and an
    alt text per photo; ``images`` (media.SavedImage already written) is for seeding data.
    A picture by address is downloaded now, once (fetch.py, SECURITY.md case 44), and
    stored like an upload, so viewers never contact the other site. Every photo goes
    through the upload pipeline; if one is refused, or the row can't be written, the
    files of all of them are removed: the post is made whole or not at all. Raises a
    problems.Problem (at the field the pictures came from), leaving no row and no file
    behind; AuthorGone if the author's account was deleted in the meantime.
    """
    caption = validation.clean_caption(caption)
    if images:
        return add_post(author, caption, images, clean_alt_texts(alt_texts, len(images)))
    check_image_source(image_url, has_file=bool(uploads))
    if uploads:
        check_photo_count(len(uploads))
        alt_texts = clean_alt_texts(alt_texts, len(uploads))
        with problems.at_field("image"), media.saved_uploads(uploads, keep_original=True) as saved:
            return add_post(author, caption, saved, alt_texts)  # files first, then the row
    alt_texts = clean_alt_texts(alt_texts, 1)
    with problems.at_field("image_url"):
        source_url = validation.clean_image_url(image_url)
        picture = fetch.fetch_image(source_url)
        with media.saved_upload(io.BytesIO(picture)) as fetched:
            return add_post(author, caption, [fetched], alt_texts, source_url=source_url)


def add_post(
    author: User,
    caption: str,
    images: Sequence[media.SavedImage],
    alt_texts: Sequence[str],
    source_url: str | None = None,
) -> Post:
    post = Post(user_id=author.id, caption=caption)
    post.images = [
        PostImage(
            position=position,
            image_name=image.name,
            width=image.width,
            height=image.height,
            alt_text=alt_text,
            original_name=image.original_name,
            source_url=source_url,
        )
        for position, (image, alt_text) in enumerate(zip(images, alt_texts, strict=True), 1)
    ]
    # This locks the author's row, as accounts.lock_user does: an account deletion
    # running now either waits for this post (and deletes its files) or went first.
    if not add_to_count(User.post_count, author.id, +1):
        db.session.rollback()
        raise AuthorGone  # the caller's saved_uploads block removes the files
    db.session.add(post)
    db.session.flush()  # its id, for its tags
    tags.set_tags(post, caption)
    mentions.notify_mentioned(caption, author, post)
    db.session.commit()
    return post


def keep_remote_picture(photo: PostImage) -> None:
    """Fetch and store the picture of a post made by address before pictures were kept.

    Fills in the photo's row, which had only the address. Raises validation.Invalid if it
    can't be fetched, or PostGone if the post was deleted (or fetched by someone else)
    meanwhile; either way no file is left behind.
    """
    source_url = photo.remote_url
    if source_url is None:
        raise PostGone  # its picture was fetched and kept already
    picture = fetch.fetch_image(source_url)
    with media.saved_upload(io.BytesIO(picture)) as image:
        kept = rows_changed(
            sa.update(PostImage)
            .where(PostImage.id == photo.id, PostImage.remote_url == source_url)
            .values(
                remote_url=None,
                image_name=image.name,
                width=image.width,
                height=image.height,
                source_url=source_url,
            )
        )
        if kept != 1:
            db.session.rollback()
            raise PostGone
        db.session.commit()


def edit_post(post: Post, *, caption: str | None, alt_texts: Sequence[str | None] = ()) -> None:
    """Change the caption, and the alt texts of the first ``len(alt_texts)`` photos.

    ``post.images`` must be loaded (feeds.post_with_author does).
    """
    before, post.caption = post.caption, validation.clean_caption(caption)
    texts = clean_alt_texts(alt_texts, len(post.images))
    if post.caption != before:
        tags.set_tags(post, post.caption, before)
        mentions.withdraw_unmentioned(post, before, post.caption)
        mentions.notify_mentioned(post.caption, post.author, post, before=before)
    for photo, alt_text in zip(post.images, texts[: len(alt_texts)], strict=False):
        photo.alt_text = alt_text
    post.edited_at = utcnow()
    db.session.commit()


def stored_files_of(post_ids: sa.Select | list[int]) -> list[tuple[str, str | None]]:
    """The stored images of these posts, as (name, original name), for deleting them."""
    query = sa.select(PostImage.image_name, PostImage.original_name).where(
        PostImage.post_id.in_(post_ids), PostImage.image_name.is_not(None)
    )
    return [(name, original) for name, original in db.session.execute(query) if name]


def delete_post(post: Post) -> None:
    """Delete the post with its likes, comments, saves and image files, originals too."""
    add_to_count(User.post_count, post.user_id, -1)
    # Its tags and notifications go with it (ON DELETE CASCADE): their counts first.
    tags.uncount_posts([post.id])
    notifications.uncount(Notification.post_id == post.id)
    files = stored_files_of([post.id])
    deleted = rows_changed(sa.delete(Post).where(Post.id == post.id))
    if deleted != 1:
        db.session.rollback()  # a concurrent delete got there first, and counted it
        return
    db.session.commit()
    for name, original_name in files:
        media.delete_image(name, original_name)
