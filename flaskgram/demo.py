"""Demo content: made-up people, photos drawn on the spot (nothing is downloaded), likes."""

import io
import random

from PIL import Image, ImageDraw, ImageFilter
from werkzeug.datastructures import FileStorage

from . import accounts, comments, follows, likes, media, posts
from .extensions import db
from .models import Post, User

DEMO_PASSWORD = "flaskgram demo 2026"  # noqa: S105 (printed for people trying the demo)
PEOPLE = [
    ("ada", "Ada Park", "Film cameras and morning light."),
    ("bruno.m", "Bruno Martins", "Cycling, coffee, repeat."),
    ("chen_li", "Chen Li", "Plants 🌱 and the occasional cat."),
    ("dara", "Dara O'Neill", "Weekend hikes, weekday spreadsheets."),
    ("eve", "Eve Adeyemi", "Painting skies since 2009."),
    ("farid", "Farid Haddad", "Street food and long walks."),
]
CAPTIONS = [
    "Golden hour never misses.",
    "Sunday walk 🌤️",
    "Found this little spot by the river.",
    "Colours of the market today.",
    "New week, new view.",
    "Not a filter, just the sky.",
    "Throwback to the coast 🌊",
    "",
]
COMMENTS = ["Love this!", "Wow 😍", "Where is this?", "Beautiful colours.", "So good.", "🔥🔥"]


def sky_photo(rng: random.Random, size: tuple[int, int] = (1600, 1200)) -> bytes:
    """Draw a soft landscape: a sky gradient, a sun and layered hills."""
    width, height = size
    top = tuple(rng.randint(40, 255) for _ in range(3))
    bottom = tuple(rng.randint(40, 255) for _ in range(3))
    image = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), image)
    draw = ImageDraw.Draw(image)
    sun_x, sun_y, radius = rng.randint(0, width), rng.randint(0, height // 2), height // 8
    draw.ellipse(
        (sun_x - radius, sun_y - radius, sun_x + radius, sun_y + radius),
        fill=(255, rng.randint(180, 240), rng.randint(80, 160)),
    )
    for layer in range(3):
        shade = tuple(max(0, c - 60 - 40 * layer) for c in bottom)
        base = height * (0.55 + 0.15 * layer)
        points = (
            [(0, height)]
            + [
                (x, base + rng.randint(-height // 10, height // 10))
                for x in range(0, width + 200, 200)
            ]
            + [(width, height)]
        )
        draw.polygon(points, fill=shade)
    output = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(2)).save(output, "JPEG", quality=92)
    return output.getvalue()


def as_upload(data: bytes, filename: str = "photo.jpg") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename, content_type="image/jpeg")


def existing_people() -> list[str]:
    """Return the demo usernames that already have an account."""
    names = [username for username, _name, _bio in PEOPLE]
    return list(db.session.scalars(db.select(User.username).where(User.username.in_(names))))


def seed(posts_per_user: int = 3, seed_value: int = 2026) -> list[User]:
    """Add the demo people, with photos, follows, likes and comments, to the site.

    The caller checks existing_people() first: the demo goes in whole or not at all.
    """
    rng = random.Random(seed_value)  # noqa: S311 (repeatable demo data, not secrets)
    users: list[User] = []
    for username, name, bio in PEOPLE:
        user = accounts.create_user(username, f"{username}@example.com", DEMO_PASSWORD)
        if not users:
            user.is_admin = True  # the one people log in as: the demo's admin area opens
            db.session.commit()
        users.append(user)
        avatar_shot = sky_photo(rng, (400, 400))
        with media.saved_upload(as_upload(avatar_shot), square=True) as avatar:
            accounts.update_profile(user, display_name=name, bio=bio, avatar=avatar)
        for _ in range(posts_per_user):
            width, height = rng.choice([(1600, 1200), (1080, 1350), (1200, 1200)])
            photos_per_post = rng.choice([1, 1, 3])  # some posts are a few photos in a row
            shots = [as_upload(sky_photo(rng, (width, height))) for _ in range(photos_per_post)]
            with media.saved_uploads(shots, keep_original=True) as images:
                posts.create_post(
                    user,
                    caption=rng.choice(CAPTIONS),
                    alt_texts=["A drawn landscape with a sun and hills"] * len(images),
                    images=images,
                )
    for user in users:
        for other in rng.sample(users, k=len(users) // 2 + 1):
            if other.id != user.id:
                follows.follow(user, other)
    for post in list(db.session.scalars(db.select(Post))):
        for fan in rng.sample(users, k=rng.randint(0, len(users))):
            likes.like_post(fan, post)
        for commenter in rng.sample(users, k=rng.randint(0, 2)):
            comments.add_comment(commenter, post, rng.choice(COMMENTS))
    return users
