"""The feed, posts, likes and comments."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from .. import comments, feeds, likes, media, mentions, posts, rate_limits, saves
from ..errors import error_response
from ..models import Post
from ..problems import Problem
from ..security import allow_local_previews, safe_next_url, takes_photos
from .forms import (
    CommentForm,
    EditPostForm,
    PostForm,
    form_page,
    refused_upload_page,
    show_problem,
    status_of,
)

bp = Blueprint("posts", __name__)


def render_feed(query, template: str = "posts/feed.html", **context):
    before = request.args.get("before", type=int)
    page = feeds.page_of(query, before, current_app.config["POSTS_PER_PAGE"])
    cards = feeds.post_cards(page.posts, current_user)
    return render_template(template, cards=cards, next_cursor=page.next_cursor, **context)


@bp.get("/")
def feed():
    return render_feed(feeds.all_posts(current_user), title="Feed", tab="all")


@bp.get("/following")
def following():
    return render_feed(feeds.following_posts(current_user), title="Following", tab="following")


def post_or_404(post_id: int):
    return feeds.post_with_author(post_id, current_user) or abort(404)


def own_post_or_404(post_id: int) -> Post:
    """The current user's post; someone else's is answered as if it did not exist."""
    post = post_or_404(post_id)
    if not posts.can_edit_post(current_user, post):
        abort(404)
    return post


def back_to(post_id: int) -> str:
    """Where a button on a post sends the user back to: the page it was on, or the post."""
    return safe_next_url(request.form.get("next"), url_for("posts.show", post_id=post_id))


def new_page(form: PostForm) -> str:
    allow_local_previews()  # app.js previews the chosen photos before they are sent
    return render_template("posts/new.html", form=form)


@bp.route("/posts/new", methods=["GET", "POST"])
@takes_photos
@rate_limits.new_posts
@form_page(PostForm, new_page)
def new():
    form = PostForm()
    if not form.validate_on_submit():
        return new_page(form), status_of(form)
    uploads, alt_texts = form.chosen_photos()
    if not uploads:
        alt_texts = form.alt_text.data[:1]  # a picture by address: the first row's words
    try:
        post = posts.create_post(
            current_user,
            caption=form.caption.data,
            alt_texts=alt_texts,
            image_url=form.image_url.data,
            uploads=uploads,
        )
    except posts.AuthorGone:
        return redirect(url_for("auth.login"))  # the account was deleted meanwhile
    except Problem as problem:
        return show_problem(form, problem, new_page)
    flash("Your post is live.")
    return redirect(url_for("posts.show", post_id=post.id))


def post_page(comment_form: CommentForm, post_id: int) -> str:
    """Render a post with a page of its comments (oldest first, from the ``after`` cursor),
    the comment box holding the given form. A page, not all: a post with ten thousand
    comments costs what one with fifty does."""
    post = post_or_404(post_id)
    [card] = feeds.post_cards([post], current_user, with_latest_comments=False)
    after = request.args.get("after", type=int)
    page = comments.comments_page(post, after, current_app.config["COMMENTS_PER_PAGE"])
    if page.comments:  # the names its comments mention, with the caption's
        texts = [post.caption, *(comment.body for comment in page.comments)]
        card.people = mentions.known_names(texts)
    return render_template(
        "posts/show.html",
        card=card,
        post=post,
        comments=page.comments,
        later_page=after is not None,
        next_after=page.next_after,
        comment_form=comment_form,
        downloads=posts.downloadable_numbers(post),
    )


@bp.get("/p/<id:post_id>")
def show(post_id: int):
    return post_page(CommentForm(), post_id)


def edit_page(form: EditPostForm, post_id: int) -> str:
    return render_template("posts/edit.html", form=form, post=own_post_or_404(post_id))


@bp.route("/p/<id:post_id>/edit", methods=["GET", "POST"])
@form_page(EditPostForm, edit_page)
def edit(post_id: int):
    post = own_post_or_404(post_id)
    form = EditPostForm(obj=post)
    if not form.is_submitted():
        form.alt_text.data = [photo.alt_text for photo in post.images]
    if not form.validate_on_submit():
        return edit_page(form, post_id), status_of(form)
    try:
        posts.edit_post(post, caption=form.caption.data, alt_texts=form.alt_text.data)
    except Problem as problem:
        return show_problem(form, problem, edit_page, post_id)
    flash("Post updated.")
    return redirect(url_for("posts.show", post_id=post.id))


@bp.post("/p/<id:post_id>/delete")
def delete(post_id: int):
    post = own_post_or_404(post_id)
    posts.delete_post(post)
    flash("Post deleted.")
    return redirect(url_for("users.profile", username=current_user.username))


def like_response(post_id: int):
    """JSON for the page's script; a redirect back for a plain form post."""
    if request.accept_mimetypes.best == "application/json":
        post = post_or_404(post_id)
        return jsonify(liked=likes.has_liked(current_user, post_id), like_count=post.like_count)
    return redirect(back_to(post_id) + f"#post-{post_id}")


@bp.post("/p/<id:post_id>/like")
@rate_limits.likes
def like(post_id: int):
    likes.like_post(current_user, post_or_404(post_id))
    return like_response(post_id)


@bp.post("/p/<id:post_id>/unlike")
@rate_limits.likes
def unlike(post_id: int):
    likes.unlike_post(current_user, post_or_404(post_id))
    return like_response(post_id)


def save_response(post_id: int):
    """JSON for the page's script; a redirect back for a plain form post."""
    if request.accept_mimetypes.best == "application/json":
        return jsonify(saved=saves.has_saved(current_user, post_id))
    return redirect(back_to(post_id) + f"#post-{post_id}")


@bp.post("/p/<id:post_id>/save")
@rate_limits.saves
def save(post_id: int):
    saves.save_post(current_user, post_or_404(post_id))
    return save_response(post_id)


@bp.post("/p/<id:post_id>/unsave")
@rate_limits.saves
def unsave(post_id: int):
    saves.unsave_post(current_user, post_or_404(post_id))
    return save_response(post_id)


@bp.get("/saved")
def saved():
    """The posts you saved, newest saved first: a page only you can see."""
    before = request.args.get("before", type=int)
    page = feeds.saved_page(current_user, before, current_app.config["POSTS_PER_PAGE"])
    return render_template("posts/saved.html", posts=page.posts, next_cursor=page.next_cursor)


@bp.get("/p/<id:post_id>/photos/<int:number>/original")
def original(post_id: int, number: int):
    """Download a photo as it was uploaded (without its metadata), if the site allows it."""
    post = post_or_404(post_id)
    photo = posts.downloadable_photo(post, number)
    if photo is None or photo.original_name is None:
        abort(404)
    return media.send_original(photo.original_name, posts.original_download_name(post, number))


@bp.post("/p/<id:post_id>/comments")
@rate_limits.comments
@form_page(CommentForm, post_page)
def comment(post_id: int):
    form = CommentForm()
    if not form.validate():
        return post_page(form, post_id), 400
    post = post_or_404(post_id)
    comments.add_comment(current_user, post, form.body.data)  # PostGone is a 404 page
    return redirect(back_to(post_id) + f"#post-{post_id}")


@bp.post("/p/<id:post_id>/comments/<id:comment_id>/delete")
def delete_comment(post_id: int, comment_id: int):
    post = post_or_404(post_id)
    comment = comments.comment_of(post, comment_id) or abort(404)
    if not comments.can_delete_comment(current_user, comment, post):
        abort(404)
    comments.delete_comment(comment)
    flash("Comment deleted.")
    return redirect(back_to(post_id))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """Refuse an oversized upload, showing the form again with what was typed."""
    if request.endpoint == "posts.new":
        return refused_upload_page(PostForm, "image", new_page)
    return error_response(413)
