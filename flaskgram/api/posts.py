"""Feeds, posts, likes and comments."""

from flask import request
from sqlalchemy.orm.attributes import set_committed_value

from .. import comments as comment_rules
from .. import feeds, likes, media, mentions, posts, problems, rate_limits, saves
from ..extensions import db
from ..models import Post
from ..security import takes_photos
from . import accepts, bp, caller, schemas, serialize
from .errors import ErrorSchema, fail, load

# Stateful tests (and clients) follow these from a new post to what can be done with it.
POST_LINKS = {
    name: {"operationId": operation, "parameters": {"post_id": "$response.body#/id"}}
    for name, operation in [
        ("GetPost", "post"),
        ("EditPost", "edit_post"),
        ("DeletePost", "delete_post"),
        ("LikePost", "like"),
        ("UnlikePost", "unlike"),
        ("SavePost", "save"),
        ("UnsavePost", "unsave"),
        ("GetComments", "comments"),
        ("AddComment", "add_comment"),
    ]
}

COMMENT_LINKS = {
    "DeleteComment": {
        "operationId": "delete_comment",
        "parameters": {"post_id": "$response.body#/post_id", "comment_id": "$response.body#/id"},
    }
}


def post_page(query, args) -> dict:
    page = feeds.page_of(query, args.get("before"), args["limit"])
    cards = feeds.post_cards(page.posts, caller())
    return {"items": [serialize.post_of(card) for card in cards], "next_cursor": page.next_cursor}


def post_json(post: Post) -> dict:
    return serialize.post_of(feeds.post_cards([post], caller(), with_latest_comments=False)[0])


def post_or_404(post_id: int) -> Post:
    return feeds.post_with_author(post_id, caller()) or fail(404, "There is no post with that id.")


def own_post_or_404(post_id: int) -> Post:
    """The post, if the caller may change it; someone else's is as good as missing (case 22)."""
    post = post_or_404(post_id)
    if not posts.can_edit_post(caller(), post):
        fail(404, "There is no post of yours with that id.")
    return post


def with_fresh_counts(post: Post) -> Post:
    """Re-read the counts a rule changed in SQL (the loaded post still has the old ones)."""
    db.session.refresh(post, ["like_count", "comment_count"])
    return post


@bp.route("/feed", methods=["GET"], tags=["feed"])
@bp.arguments(schemas.PostPageArgs, location="query")
@bp.response(200, schemas.PostPage)
def feed(args):
    """Every post, newest first."""
    return post_page(feeds.all_posts(caller()), args)


@bp.route("/feed/following", methods=["GET"], tags=["feed"])
@bp.arguments(schemas.PostPageArgs, location="query")
@bp.response(200, schemas.PostPage)
def following_feed(args):
    """Posts by the people you follow, and your own, newest first."""
    return post_page(feeds.following_posts(caller()), args)


NEW_POST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": "NewPost"},
        "multipart/form-data": {
            "schema": "NewPostForm",
            # One part per photo, and one alt_text part per photo, in the same order.
            "encoding": {
                "image": {
                    "contentType": "image/jpeg, image/png, image/webp, image/gif",
                    "style": "form",
                    "explode": True,
                },
                "alt_text": {"style": "form", "explode": True},
            },
        },
    },
}


@bp.route("/posts", methods=["POST"], tags=["posts"])
@takes_photos
@rate_limits.new_posts
@accepts("multipart/form-data")
@bp.doc(requestBody=NEW_POST_BODY)
@bp.response(201, schemas.Post)
@bp.doc(responses={201: {"links": POST_LINKS}})
@bp.alt_response(400, schema=ErrorSchema, description="A field broke a rule")
@bp.alt_response(413, schema=ErrorSchema, description="The photo is too large")
@bp.alt_response(502, schema=ErrorSchema, description="The image address's site failed")
@bp.alt_response(503, schema=ErrorSchema, description="Photo storage is unavailable")
@bp.alt_response(504, schema=ErrorSchema, description="The image address's site was too slow")
@bp.alt_response(507, schema=ErrorSchema, description="The server is out of space for photos")
def create_post():
    """Post photos: JSON with an `image_url`, or multipart with 1 to 10 `image` files.

    Give exactly one of the two. In multipart, an `alt_text` part for each photo follows
    the photos' order. Each upload is at most 15 MB, in JPEG, PNG, WebP or GIF; the post
    is made with all its photos or not at all.
    """
    if request.mimetype == "multipart/form-data":
        # Repeated parts are lists (image, alt_text); the others are sent once.
        form = {
            name: values if name == "alt_text" else values[0]
            for name, values in request.form.lists()
        }
        words = load(schemas.NewPostForm(), form)
        # An empty file part means no file chosen.
        uploads = [file for file in request.files.getlist("image") if file.filename]
    else:
        words = load(schemas.NewPost(), request.get_json(silent=True))
        uploads = []
    alt_texts = words.pop("alt_text")
    post = posts.create_post(
        caller(),
        uploads=uploads,
        alt_texts=alt_texts if isinstance(alt_texts, list) else [alt_texts],
        **words,
    )
    set_committed_value(post, "author", caller())
    return post_json(post)


@bp.route("/posts/<id:post_id>", methods=["GET"], tags=["posts"])
@bp.response(200, schemas.Post)
def post(post_id):
    """One post."""
    return post_json(post_or_404(post_id))


@bp.route("/posts/<id:post_id>", methods=["PATCH"], tags=["posts"])
@bp.arguments(schemas.PostChanges)
@bp.response(200, schemas.Post)
def edit_post(changes, post_id):
    """Edit your post's caption or its photos' alt texts."""
    post = own_post_or_404(post_id)
    alt_texts = changes.get("alt_texts", [changes["alt_text"]] if "alt_text" in changes else [])
    try:
        posts.edit_post(post, caption=changes.get("caption", post.caption), alt_texts=alt_texts)
    except problems.Invalid as problem:
        if "alt_texts" in changes and problem.field == "alt_text":
            problem.field = "alt_texts"  # the field this client sent
        raise
    return post_json(post)


@bp.route("/posts/<id:post_id>", methods=["DELETE"], tags=["posts"])
@bp.response(204)
def delete_post(post_id):
    """Delete your post, with its likes, comments and photos."""
    posts.delete_post(own_post_or_404(post_id))


@bp.route("/posts/<id:post_id>/like", methods=["PUT"], tags=["posts"])
@rate_limits.likes
@bp.response(200, schemas.Post)
def like(post_id):
    """Like a post; liking it again changes nothing."""
    post = post_or_404(post_id)
    likes.like_post(caller(), post)
    return post_json(with_fresh_counts(post))


@bp.route("/posts/<id:post_id>/like", methods=["DELETE"], tags=["posts"])
@rate_limits.likes
@bp.response(200, schemas.Post)
def unlike(post_id):
    """Take back a like; doing it again changes nothing."""
    post = post_or_404(post_id)
    likes.unlike_post(caller(), post)
    return post_json(with_fresh_counts(post))


@bp.route("/posts/<id:post_id>/save", methods=["PUT"], tags=["saved"])
@rate_limits.saves
@bp.response(204)
def save(post_id):
    """Save a post to look at later; saving it again changes nothing. Only you see it."""
    saves.save_post(caller(), post_or_404(post_id))


@bp.route("/posts/<id:post_id>/save", methods=["DELETE"], tags=["saved"])
@rate_limits.saves
@bp.response(204)
def unsave(post_id):
    """Take a post out of your saved posts; doing it again changes nothing."""
    saves.unsave_post(caller(), post_or_404(post_id))


@bp.route("/me/saved", methods=["GET"], tags=["saved"])
@bp.arguments(schemas.PostPageArgs, location="query")
@bp.response(200, schemas.PostPage)
def saved(args):
    """The posts you saved, newest saved first. The cursor is a save's, not a post's id."""
    page = feeds.saved_page(caller(), args.get("before"), args["limit"])
    cards = feeds.post_cards(page.posts, caller())
    return {"items": [serialize.post_of(card) for card in cards], "next_cursor": page.next_cursor}


ORIGINAL = {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}


@bp.route("/posts/<id:post_id>/photos/<int:number>/original", methods=["GET"], tags=["posts"])
@bp.doc(
    responses={
        200: {
            "description": "The photo as uploaded, full size, without metadata (a download)",
            "content": ORIGINAL,
        },
        304: {"description": "Not modified: a kept copy is current"},
    }
)
@bp.alt_response(404, schema=ErrorSchema, description="No such photo, or no original to give")
def original(post_id, number):
    """Download a photo's kept original, as its image's `original_url` gives."""
    post = post_or_404(post_id)
    photo = posts.downloadable_photo(post, number)
    if photo is None or photo.original_name is None:
        fail(404, "There is no original to download for that photo.")
    return media.send_original(photo.original_name, posts.original_download_name(post, number))


@bp.route("/posts/<id:post_id>/comments", methods=["GET"], tags=["comments"])
@bp.arguments(schemas.CommentPageArgs, location="query")
@bp.response(200, schemas.CommentPage)
def comments(args, post_id):
    """A post's comments, oldest first."""
    post = post_or_404(post_id)
    page = comment_rules.comments_page(post, args.get("after"), args["limit"])
    viewer = caller()
    people = mentions.known_names(comment.body for comment in page.comments)
    items = [
        serialize.comment_of(
            comment,
            can_delete=comment_rules.can_delete_comment(viewer, comment, post),
            people=people,
        )
        for comment in page.comments
    ]
    return {"items": items, "next_cursor": page.next_after}


@bp.route("/posts/<id:post_id>/comments", methods=["POST"], tags=["comments"])
@rate_limits.comments
@bp.arguments(schemas.NewComment)
@bp.response(201, schemas.Comment)
@bp.doc(responses={201: {"links": COMMENT_LINKS}})
def add_comment(body, post_id):
    """Comment on a post."""
    comment = comment_rules.add_comment(caller(), post_or_404(post_id), body["body"])
    set_committed_value(comment, "author", caller())
    people = mentions.known_names([comment.body])
    return serialize.comment_of(comment, can_delete=True, people=people)


@bp.route("/posts/<id:post_id>/comments/<id:comment_id>", methods=["DELETE"], tags=["comments"])
@bp.response(204)
def delete_comment(post_id, comment_id):
    """Delete a comment: yours, or anyone's on your post."""
    post = post_or_404(post_id)
    comment = comment_rules.comment_of(post, comment_id)
    if comment is None or not comment_rules.can_delete_comment(caller(), comment, post):
        fail(404, "There is no comment you may delete with that id.")
    comment_rules.delete_comment(comment)
