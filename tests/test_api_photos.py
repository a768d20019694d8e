"""The API's posts of several photos, their originals, and saved posts."""

import io

import pytest
from api_client import ApiClient, api_login, assert_api_error
from conftest import stored_post
from photos import jpeg, media_files, opened, sideways_jpeg_with_gps

from flaskgram import limits, saves
from flaskgram.models import Post, PostImage, SavedPost


@pytest.fixture
def alice(make_user):
    return make_user("alice")


@pytest.fixture
def bob(make_user):
    return make_user("bob")


@pytest.fixture
def api(app, alice) -> ApiClient:
    return api_login(app, "alice")


def photo_parts(count: int, alt_texts: list[str] | None = None, **fields) -> dict:
    return {
        "image": [(io.BytesIO(jpeg(100 + n, 80)), f"{n}.jpg", "image/jpeg") for n in range(count)],
        "alt_text": alt_texts
        if alt_texts is not None
        else [f"Photo {n + 1}" for n in range(count)],
        **fields,
    }


def create(api, data):
    return api.post("/posts", data=data, content_type="multipart/form-data")


def test_several_image_parts_make_one_post_with_every_photo_in_order(app, api, row_count):
    response = create(api, photo_parts(3, caption="Three"))
    assert response.status_code == 201, response.text
    images = response.json["images"]
    assert [image["position"] for image in images] == [1, 2, 3]
    assert [image["width"] for image in images] == [100, 101, 102]
    assert [image["alt_text"] for image in images] == ["Photo 1", "Photo 2", "Photo 3"]
    assert all(image["url"].startswith("/api/v1/images/") for image in images)
    post_id = response.json["id"]
    assert [image["original_url"] for image in images] == [
        f"/api/v1/posts/{post_id}/photos/{n}/original" for n in (1, 2, 3)
    ]
    assert response.json["saved"] is False
    assert row_count(PostImage) == 3 and len(media_files(app)) == 9


def test_ten_image_parts_are_accepted_and_eleven_refused(app, api, row_count):
    refused = create(api, photo_parts(limits.PHOTOS_PER_POST_MAX + 1))
    assert_api_error(refused, 400)
    assert "at most 10 photos" in refused.json["fields"]["image"]
    assert row_count(Post) == 0 and media_files(app) == []
    accepted = create(api, photo_parts(limits.PHOTOS_PER_POST_MAX))
    assert accepted.status_code == 201, accepted.text
    assert len(accepted.json["images"]) == 10


def test_alt_texts_fewer_than_photos_leave_the_rest_empty_and_more_are_refused(api, row_count):
    response = create(api, photo_parts(3, alt_texts=["Only the first"]))
    assert [image["alt_text"] for image in response.json["images"]] == ["Only the first", "", ""]
    refused = create(api, photo_parts(1, alt_texts=["One", "Two"]))
    assert_api_error(refused, 400)
    assert "2 alt texts for 1 photo" in refused.json["fields"]["alt_text"]
    assert row_count(Post) == 1


def test_one_bad_part_among_five_leaves_nothing(app, api, row_count):
    """Case 48, through the API."""
    data = photo_parts(5)
    data["image"][3] = (io.BytesIO(b"<svg onload=alert(1)>"), "x.jpg", "image/jpeg")
    response = create(api, data)
    assert_api_error(response, 400)
    assert response.json["fields"]["image"].startswith("Photo 4 (x.jpg): Unsupported image type")
    assert row_count(Post) == 0 and row_count(PostImage) == 0 and media_files(app) == []


def test_the_original_downloads_with_a_bearer_token_and_without_metadata(app, api):
    data = {"image": (io.BytesIO(sideways_jpeg_with_gps()), "phone.jpg", "image/jpeg")}
    response = create(api, data)
    [image] = response.json["images"]
    got = api.get(image["original_url"].removeprefix("/api/v1"), buffered=True)
    assert got.status_code == 200 and got.mimetype == "image/jpeg"
    assert got.headers["Content-Disposition"].startswith("attachment;")
    original = opened(got.data)
    assert original.size == (400, 600) and not original.getexif()
    assert_api_error(api.client.get(image["original_url"]), 401)  # case 24: callers only


def test_case_45_originals_are_404_when_the_site_turns_them_off(app, api, alice, make_post):
    """Case 46, through the API: no original_url, and the download is a 404."""
    post = make_post(alice)
    app.config["ORIGINALS_DOWNLOADABLE"] = False
    body = api.get(f"/posts/{post.id}").json
    assert body["images"][0]["original_url"] is None
    assert_api_error(api.get(f"/posts/{post.id}/photos/1/original"), 404)


def test_patch_changes_each_photos_alt_text(api, alice, make_post, scalar):
    post = make_post(alice, photos=3, alt_text="Old")
    response = api.patch(f"/posts/{post.id}", json={"alt_texts": ["A", "B"]})
    assert response.status_code == 200, response.text
    assert [image["alt_text"] for image in response.json["images"]] == ["A", "B", "Old"]
    response = api.patch(f"/posts/{post.id}", json={"alt_text": "First"})
    assert [image["alt_text"] for image in response.json["images"]] == ["First", "B", "Old"]
    too_many = api.patch(f"/posts/{post.id}", json={"alt_texts": ["1", "2", "3", "4"]})
    assert_api_error(too_many, 400)
    assert "alt_texts" in too_many.json["fields"]
    both = api.patch(f"/posts/{post.id}", json={"alt_text": "x", "alt_texts": ["y"]})
    assert_api_error(both, 400)


# Saved posts --------------------------------------------------------------------------


def test_save_and_unsave_are_idempotent_204s(api, alice, bob, make_post, row_count):
    post = make_post(bob)
    for _ in range(2):
        response = api.put(f"/posts/{post.id}/save")
        assert response.status_code == 204 and response.data == b""
    assert row_count(SavedPost) == 1
    assert api.get(f"/posts/{post.id}").json["saved"] is True
    for _ in range(2):
        assert api.delete(f"/posts/{post.id}/save").status_code == 204
    assert row_count(SavedPost) == 0
    assert api.get(f"/posts/{post.id}").json["saved"] is False
    assert_api_error(api.put("/posts/999999/save"), 404)


def test_me_saved_pages_newest_saved_first(app, api, alice, bob):
    with app.app_context():
        posts = [stored_post(bob, caption=f"{n}") for n in range(5)]
        for post in [posts[3], posts[0], posts[4], posts[1], posts[2]]:
            saves.save_post(alice, post)
    first = api.get("/me/saved?limit=2").json
    second = api.get(f"/me/saved?limit=2&before={first['next_cursor']}").json
    third = api.get(f"/me/saved?limit=2&before={second['next_cursor']}").json
    seen = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert seen == [posts[n].id for n in (2, 1, 4, 0, 3)]
    assert third["next_cursor"] is None
    assert all(item["saved"] for page in (first, second, third) for item in page["items"])


def test_case_46_saves_are_the_callers_alone(app, alice, bob, make_post):
    """Case 47, through the API: bob's list and flags show nothing of alice's saves."""
    post = make_post(alice)
    with app.app_context():
        saves.save_post(alice, post)
    bob_api = api_login(app, "bob")
    assert bob_api.get("/me/saved").json == {"items": [], "next_cursor": None}
    assert bob_api.get(f"/posts/{post.id}").json["saved"] is False
    assert [item["saved"] for item in bob_api.get("/feed").json["items"]] == [False]
    assert api_login(app, "alice").get("/me/saved").json["items"][0]["id"] == post.id


def test_me_saved_costs_the_same_for_1_post_and_for_20(app, api, alice, bob, count_queries):
    counts = []
    for batch in (1, 19):
        with app.app_context():
            for n in range(batch):
                saves.save_post(alice, stored_post(bob, caption=f"{n}", photos=1 + n % 2))
        api.get("/me/saved")  # warm up
        with count_queries() as statements:
            page = api.get("/me/saved?limit=20")
        assert len(page.json["items"]) == len(counts) * 19 + 1
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # The login session, the saved posts, their authors, photos, my likes, my saves, the
    # latest comments.
    assert counts[1] <= 7, counts
