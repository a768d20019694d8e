"""Rules for posts, likes and comments: who may do what, and the counts kept with them.

Counts (a post's likes and comments, a user's posts) are stored on their rows and
changed in the same transaction as the rows they count, so pages never count rows.
The counted row is updated first: that locks it, so concurrent likes of one post
queue up instead of deadlocking on MariaDB.
"""

import io

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from . import fetch, media, problems, validation
from .extensions import db
from .models import Comment, Like, Post, User, utcnow


class PostGone(problems.NotFound):
    """The post was deleted, or changed, while someone was acting on it."""

    default_message = "That post was just deleted."


class AuthorGone(problems.Unauthorized, LookupError):
    """The author's account was deleted while they were posting."""

    # To an API client the token it sent no longer stands for anyone.
    code = "invalid_token"
    default_message = "This account was deleted."


def add_to_count(column, row_id: int, delta: int) -> bool:
    """Add delta to a stored count, in SQL, so concurrent changes are never lost.

    Return False if the row is gone.
    """
    table = column.class_
    counted = db.session.execute(
        sa.update(table).where(table.id == row_id).values({column: column + delta})
    )
    return counted.rowcount == 1


def can_edit_post(user: User, post: Post) -> bool:
    return post.user_id == user.id


def can_delete_comment(user: User, comment: Comment, post: Post) -> bool:
    return user.id in (comment.user_id, post.user_id)


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
    picture = fetch.fetch_image(source_url)
    with media.saved_upload(io.BytesIO(picture)) as image:
        kept = db.session.execute(
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
        if kept.rowcount != 1:
            db.session.rollback()
            raise PostGone
        db.session.commit()


def edit_post(post: Post, *, caption: str, alt_text: str) -> None:
    post.caption = validation.clean_caption(caption)
    post.alt_text = validation.clean_alt_text(alt_text)
    post.edited_at = utcnow()
    db.session.commit()


def delete_post(post: Post) -> None:
    """Delete the post with its likes, comments and image files."""
    add_to_count(User.post_count, post.user_id, -1)
    deleted = db.session.execute(sa.delete(Post).where(Post.id == post.id))
    if deleted.rowcount != 1:
        db.session.rollback()  # a concurrent delete got there first, and counted it
        return
    db.session.commit()
    if post.image_name:
        media.delete_image(post.image_name)


def has_liked(user: User, post_id: int) -> bool:
    liked = sa.select(Like.post_id).where(Like.user_id == user.id, Like.post_id == post_id)
    return db.session.scalar(liked) is not None


def like_post(user: User, post: Post) -> None:
    """Like a post; liking it again changes nothing, even when requests race."""
    if has_liked(user, post.id):
        return
    add_to_count(Post.like_count, post.id, +1)
    db.session.add(Like(user_id=user.id, post_id=post.id))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a concurrent identical like won; our count went with it


def unlike_post(user: User, post: Post) -> None:
    if not has_liked(user, post.id):
        return
    add_to_count(Post.like_count, post.id, -1)
    deleted = db.session.execute(
        sa.delete(Like).where(Like.user_id == user.id, Like.post_id == post.id)
    )
    if deleted.rowcount == 1:
        db.session.commit()
    else:
        db.session.rollback()  # a concurrent unlike got there first


def add_comment(author: User, post: Post, body: str) -> Comment:
    """Add a comment, or raise PostGone if the post was deleted meanwhile."""
    comment = Comment(post_id=post.id, user_id=author.id, body=validation.clean_comment(body))
    add_to_count(Post.comment_count, post.id, +1)
    db.session.add(comment)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # the post's row is gone: a concurrent delete won
        raise PostGone from None
    return comment


def delete_comment(comment: Comment) -> None:
    add_to_count(Post.comment_count, comment.post_id, -1)
    deleted = db.session.execute(sa.delete(Comment).where(Comment.id == comment.id))
    if deleted.rowcount == 1:
        db.session.commit()
    else:
        db.session.rollback()


def uncount_activity_of(user: User) -> None:
    """Take a leaving user's likes and comments out of other people's post counts.

    Part of deleting the account: the caller deletes the user (the rows cascade) and
    commits, in the same transaction.
    """
    liked = sa.select(Like.post_id).where(Like.user_id == user.id)
    db.session.execute(
        sa.update(Post)
        .where(Post.id.in_(liked), Post.user_id != user.id)
        .values(like_count=Post.like_count - 1)
    )
    their_comments = (
        sa.select(sa.func.count())
        .where(Comment.post_id == Post.id, Comment.user_id == user.id)
        .scalar_subquery()
    )
    commented = sa.select(Comment.post_id).where(Comment.user_id == user.id)
    db.session.execute(
        sa.update(Post)
        .where(Post.id.in_(commented), Post.user_id != user.id)
        .values(comment_count=Post.comment_count - their_comments)
    )
