"""Posts of several photos: upload, order, all-or-nothing, the carousel, and originals.

Through the HTTP client on both databases (issue 9).
"""

import re

import pytest
import sqlalchemy as sa
from conftest import login_client, post_id_of, textarea
from photos import (
    database_refuses,
    img_tags,
    jpeg,
    latest_post,
    media_files,
    opened,
    sideways_jpeg_with_gps,
    upload,
)
from PIL import ExifTags

from flaskgram import feeds, limits
from flaskgram.models import Post, PostImage

COLOURS = ["red", "orange", "yellow", "green", "teal", "blue", "navy", "purple", "pink", "grey"]


def photo_of_width(n: int) -> bytes:
    """A small JPEG told apart from the others by its width: 100 + n pixels."""
    return jpeg(100 + n, 80, COLOURS[n % len(COLOURS)])


def post_photos(client, count: int, *, caption="Our day", bad: dict | None = None, **fields):
    """Post the new-post form with ``count`` photos, each with its own alt text."""
    files = [upload(photo_of_width(n), f"day-{n + 1}.jpg") for n in range(count)]
    for n, data in (bad or {}).items():
        files[n] = upload(data, f"bad-{n + 1}.jpg")
    form = {
        "image": files,
        "alt_text": [f"Moment {n + 1}" for n in range(count)],
        "caption": caption,
        **fields,
    }
    return client.post_form("/posts/new", form)


def stored_photos(app, post_id: int) -> list[PostImage]:
    from flaskgram.extensions import db

    with app.app_context():
        query = sa.select(PostImage).where(PostImage.post_id == post_id)
        return list(db.session.scalars(query.order_by(PostImage.position)))


def test_ten_photos_make_one_post_in_their_order(app, client, logged_in):
    """Ten photos are accepted, each with its alt text, in the order they were sent."""
    response = post_photos(client, limits.PHOTOS_PER_POST_MAX)
    post_id = post_id_of(response)

    photos = stored_photos(app, post_id)
    assert [photo.position for photo in photos] == list(range(1, 11))
    assert [photo.width for photo in photos] == [100 + n for n in range(10)]
    assert [photo.alt_text for photo in photos] == [f"Moment {n}" for n in range(1, 11)]
    assert all(photo.original_name for photo in photos)
    assert len(media_files(app)) == 30  # display, thumbnail and original of each

    page = client.get(f"/p/{post_id}").text
    slides = re.findall(rf'<li class="carousel-slide" id="post-{post_id}-photo-(\d+)"', page)
    assert slides == [str(n) for n in range(1, 11)]
    shown = [tag for tag in img_tags(page) if "post-image" in (tag.get("class") or "")]
    assert [tag["src"] for tag in shown] == [f"/media/{photo.image_name}" for photo in photos]
    assert [tag["alt"] for tag in shown] == [photo.alt_text for photo in photos]


def test_eleven_photos_are_refused_with_the_form_kept(app, client, logged_in, row_count):
    """Eleven: 400 next to the photos, caption and every alt text kept, nothing stored."""
    response = post_photos(client, 11, caption="Too many for one post")

    assert response.status_code == 400
    error = re.search(r'<p class="error" id="image-error"[^>]*>([^<]*)</p>', response.text)
    assert error and "at most 10 photos (you chose 11)" in error.group(1)
    assert textarea(response.text, "caption") == "Too many for one post"
    for n in range(1, 12):
        assert f'name="alt_text" maxlength="1000" value="Moment {n}"' in response.text
    assert row_count(Post) == 0 and row_count(PostImage) == 0
    assert media_files(app) == []


@pytest.mark.parametrize("bad_at", [0, 2, 4])
def test_one_bad_photo_among_five_leaves_no_file_and_no_row(
    app, client, logged_in, row_count, bad_at
):
    """Case 48: the post is whole or not at all; the refusal names the photo at fault."""
    response = post_photos(client, 5, bad={bad_at: b"<!doctype html><p>not a photo</p>"})

    assert response.status_code == 400
    assert f"Photo {bad_at + 1} (bad-{bad_at + 1}.jpg): Unsupported image type" in response.text
    assert textarea(response.text, "caption") == "Our day"
    assert row_count(Post) == 0 and row_count(PostImage) == 0
    assert media_files(app) == []


def test_case_47_a_database_failure_after_five_photos_removes_every_file(
    app, client, logged_in, backend, row_count
):
    """Case 48 (and 34): the rows can't be written after every file was: all files go."""
    with database_refuses(app, backend, "INSERT", "post_images"):
        response = post_photos(client, 5)

    assert response.status_code in (500, 503)
    assert "Traceback" not in response.text
    assert row_count(Post) == 0 and row_count(PostImage) == 0
    assert media_files(app) == []


def test_the_order_menus_put_photos_in_another_order(app, client, logged_in):
    """Without JavaScript, each row's Order menu says where its photo goes."""
    response = post_photos(client, 3, position=["3", "1", "2"])
    photos = stored_photos(app, post_id_of(response))
    assert [photo.width for photo in photos] == [101, 102, 100]
    assert [photo.alt_text for photo in photos] == ["Moment 2", "Moment 3", "Moment 1"]


def test_rows_without_a_file_are_left_out(app, client, logged_in):
    """The plain form sends ten rows; the empty ones (and their alt texts) count for nothing."""
    empty = upload(b"", "")
    form = {
        "image": [empty, upload(photo_of_width(1), "b.jpg"), empty, upload(photo_of_width(3))],
        "alt_text": ["", "Second row", "typed, then no file", "Fourth row"],
        "position": ["1", "2", "3", "4"],
        "caption": "Gaps",
    }
    photos = stored_photos(app, post_id_of(client.post_form("/posts/new", form)))
    assert [(photo.width, photo.alt_text) for photo in photos] == [
        (101, "Second row"),
        (103, "Fourth row"),
    ]


@pytest.mark.parametrize("position", ["x", "-1", "0", "99999999999999999999", ""])
def test_odd_order_values_keep_the_rows_order(app, client, logged_in, position):
    """A nonsense Order value never fails: that row keeps its place."""
    response = post_photos(client, 2, position=[position, "2"])
    photos = stored_photos(app, post_id_of(response))
    assert {photo.position for photo in photos} == {1, 2}


def test_the_new_post_form_has_a_row_per_photo(client, logged_in):
    """Ten rows of file, alt text and order, named as the API's parts are; previews allowed."""
    page = client.get("/posts/new")
    assert page.text.count('name="image"') == limits.PHOTOS_PER_POST_MAX
    assert page.text.count('name="alt_text"') == limits.PHOTOS_PER_POST_MAX
    assert page.text.count('name="position"') == limits.PHOTOS_PER_POST_MAX
    assert 'name="image_url"' in page.text and 'name="caption"' in page.text
    assert "img-src 'self' blob:;" in page.headers["Content-Security-Policy"]
    assert "blob:" not in client.get("/").headers["Content-Security-Policy"]


def test_feed_grid_and_page_show_a_post_of_several_photos(app, client, logged_in, make_post):
    """The feed and the grid show the first photo with a "3 photos" mark; the post page
    shows them all as a carousel: anchors to each photo, dots, sizes, lazy after the first."""
    post = make_post(logged_in, photos=3, alt_text="")
    single = make_post(logged_in, caption="Just one")
    first = post.images[0].image_name

    for path in ("/", "/u/alice"):
        page = client.get(path).text
        assert page.count('<span class="photos-mark">') == 1, path
        assert '<span class="visually-hidden">, 3 photos</span>' in page, path
        srcs = [tag["src"] for tag in img_tags(page)]
        assert any(first.removesuffix(".jpg") in src for src in srcs), path
        assert not any(post.images[1].image_name.removesuffix(".jpg") in src for src in srcs)

    page = client.get(f"/p/{post.id}").text
    slide = f"post-{post.id}-photo-"
    assert f'href="#{slide}2" data-carousel-step="1"' in page  # next, on photo 1
    assert f'href="#{slide}1" data-carousel-step="-1"' in page  # previous, on photo 2
    assert page.count("data-carousel-dot") == 3
    assert 'tabindex="0"' in page and "scroll" not in page.split("<style")[0][:0]
    shown = [tag for tag in img_tags(page) if "post-image" in (tag.get("class") or "")]
    assert [tag.get("loading") for tag in shown] == [None, "lazy", "lazy"]
    assert all(tag["width"] and tag["height"] for tag in shown)
    assert [tag["alt"] for tag in shown] == [f"Photo {n} of 3 by @alice" for n in (1, 2, 3)]

    assert "carousel" not in client.get(f"/p/{single.id}").text.split("<main")[1]


def test_the_carousel_is_styled_to_snap(client, logged_in):
    """The stylesheet snaps the row of photos to each one (CSS scroll snapping)."""
    css = client.get("/static/style.css", buffered=True).text
    assert "scroll-snap-type: x mandatory" in css and "scroll-snap-align: center" in css


def test_edit_changes_each_photos_alt_text(app, client, logged_in, make_post):
    """The edit page has an alt text per photo, in order, and saves each."""
    post = make_post(logged_in, photos=3, alt_text="Before")
    form = client.get(f"/p/{post.id}/edit").text
    assert form.count('value="Before"') == 3
    response = client.post_form(
        f"/p/{post.id}/edit", {"caption": "New", "alt_text": ["One", "Two", "Three"]}
    )
    assert response.status_code == 302
    assert [photo.alt_text for photo in stored_photos(app, post.id)] == ["One", "Two", "Three"]
    too_many = client.post_form(f"/p/{post.id}/edit", {"caption": "x", "alt_text": ["a"] * 4})
    assert too_many.status_code == 400 and "4 alt texts for 3 photos" in too_many.text
    bad = client.post_form(f"/p/{post.id}/edit", {"caption": "x", "alt_text": ["ok", "\x07"]})
    assert bad.status_code == 400 and "Alt text 2:" in bad.text


def test_deleting_a_post_removes_every_file_originals_included(app, client, logged_in):
    """Three photos are nine files; deleting the post leaves none."""
    post_id = post_id_of(post_photos(client, 3))
    assert len(media_files(app)) == 9
    assert client.post_form(f"/p/{post_id}/delete").status_code == 302
    assert media_files(app) == []


# Originals ---------------------------------------------------------------------------


def download(client, post_id: int, number: int):
    return client.get(f"/p/{post_id}/photos/{number}/original", buffered=True)


def test_originals_are_full_size_upright_and_without_metadata(app, client, logged_in):
    """A phone photo's original is turned upright with no EXIF or GPS left (case 32); a
    JPEG that carried nothing is kept byte for byte. Both come as attachments."""
    clean = jpeg(1600, 1200, "teal")
    phone = sideways_jpeg_with_gps()
    form = {"image": [upload(phone, "phone.jpg"), upload(clean, "clean.jpg")], "caption": "x"}
    post_id = post_id_of(client.post_form("/posts/new", form))

    first = download(client, post_id, 1)
    assert first.status_code == 200 and first.mimetype == "image/jpeg"
    assert first.headers["Content-Disposition"] == (
        f"attachment; filename=flaskgram-{post_id}-1.jpg"
    )
    assert first.headers["X-Content-Type-Options"] == "nosniff"
    original = opened(first.data)
    assert original.size == (400, 600)  # full size (not a rendition), and upright
    assert not original.getexif() and "exif" not in original.info
    assert b"Exif\x00\x00" not in first.data and b"PhoneCo" not in first.data
    assert not original.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert original.info["icc_profile"] == opened(phone).info["icc_profile"]

    second = download(client, post_id, 2)
    assert second.data == clean  # nothing to take out: as uploaded
    assert opened(second.data).size == (1600, 1200)  # the display rendition is 1080 wide


def test_a_post_page_offers_each_original(client, logged_in, make_post):
    """Download links for each photo, to whoever may see the post."""
    post = make_post(logged_in, photos=2)
    page = client.get(f"/p/{post.id}").text
    for number in (1, 2):
        assert f'href="/p/{post.id}/photos/{number}/original" download>' in page


def test_case_45_originals_follow_the_post_and_the_site_setting(
    app, make_user, make_post, monkeypatch
):
    """Case 46: anyone who may see the post may download its originals; a hidden post, a
    photo that isn't there, or a site that turned downloads off answers 404 with no link."""
    alice = make_user("alice")
    make_user("bob")
    post = make_post(alice, photos=2)
    bob = login_client(app, "bob")
    assert download(bob, post.id, 2).status_code == 200
    assert download(bob, post.id, 3).status_code == 404
    assert download(bob, post.id + 1, 1).status_code == 404

    real_rule = feeds.visible_posts
    monkeypatch.setattr(
        feeds, "visible_posts", lambda viewer: real_rule(viewer).where(Post.user_id != alice.id)
    )
    assert download(bob, post.id, 1).status_code == 404
    monkeypatch.undo()

    app.config["ORIGINALS_DOWNLOADABLE"] = False
    assert download(bob, post.id, 1).status_code == 404
    assert "/original" not in bob.get(f"/p/{post.id}").text


def test_case_45_media_never_serves_an_original(app, client, logged_in, make_post):
    """Case 46: an original goes out only through its post: /media refuses its name."""
    post = make_post(logged_in)
    original = post.images[0].original_name
    assert original and original.endswith("_original.jpg")
    assert original.removesuffix("_original.jpg") not in post.images[0].image_name
    assert client.get(f"/media/{original}").status_code == 404
    assert download(client, post.id, 1).status_code == 200


def test_photos_stored_before_originals_were_kept_have_no_download(
    app, client, logged_in, make_post
):
    """A photo without an original (an old post, a picture by address): no link, 404."""
    from flaskgram.extensions import db

    post = make_post(logged_in)
    with app.app_context():
        db.session.execute(sa.update(PostImage).values(original_name=None))
        db.session.commit()
    assert download(client, post.id, 1).status_code == 404
    assert "/original" not in client.get(f"/p/{post.id}").text


def test_the_first_photo_stands_for_the_post_even_if_photos_were_reordered(app, client, logged_in):
    """The feed shows photo 1 of the order chosen, not the first file sent."""
    response = post_photos(client, 3, position=["2", "3", "1"])
    post = latest_post(app)
    assert post.id == post_id_of(response)
    card = client.get("/").text
    assert post.images[0].width == 102
    assert f"/media/{post.images[0].image_name}" in card


def test_a_flood_of_parts_is_refused_with_a_page_of_bounded_size(app, client, logged_in):
    """Hundreds of alt texts: refused like eleven photos, and the page shows 20 rows at most."""
    form = {
        "image": [upload(photo_of_width(n)) for n in range(12)],
        "alt_text": [f"Text {n}" for n in range(500)],
        "caption": "Flood",
    }
    response = client.post_form("/posts/new", form)
    assert response.status_code == 400
    assert response.text.count('name="alt_text"') == 2 * limits.PHOTOS_PER_POST_MAX
    assert len(response.text) < 200_000
    assert media_files(app) == []
