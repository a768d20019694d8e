"""What the API reads and writes about notifications, tags, search and Explore."""

from marshmallow import fields, validate

from .. import feeds, limits, search
from .schemas import PAGE_SIZE_MAX, Author, Post, Profile, Schema

SEARCH_TYPES = list(search.KINDS)


class NotificationPageArgs(Schema):
    before = fields.Integer(
        validate=validate.Range(min=1, max=feeds.LARGEST_ID),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=PAGE_SIZE_MAX))


class MarkRead(Schema):
    up_to = fields.Integer(
        validate=validate.Range(min=1, max=feeds.LARGEST_ID),
        metadata={"description": "Mark read up to this notification id; all when left out"},
    )


class NotificationSettings(Schema):
    likes = fields.Boolean(required=True)
    comments = fields.Boolean(required=True)
    follows = fields.Boolean(required=True)
    mentions = fields.Boolean(required=True)


class SearchArgs(Schema):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=search.QUERY_MAX),
        metadata={"description": "What was typed; an empty search answers an empty page"},
    )
    type = fields.String(load_default="people", validate=validate.OneOf(SEARCH_TYPES))
    cursor = fields.String(
        validate=validate.Length(max=limits.TAG_MAX),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=PAGE_SIZE_MAX))


class ExploreArgs(Schema):
    cursor = fields.String(
        validate=validate.Length(max=40),
        metadata={"description": "The next_cursor of the previous page"},
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=PAGE_SIZE_MAX))


# Output --------------------------------------------------------------------------------


class PostThumbnail(Schema):
    id = fields.Integer(required=True)
    thumbnail_url = fields.String(required=True)


class NotifiedComment(Schema):
    id = fields.Integer(required=True)
    body = fields.String(required=True)


class Notification(Schema):
    id = fields.Integer(
        required=True, metadata={"description": "The newest of the notifications grouped here"}
    )
    kind = fields.String(
        required=True, metadata={"enum": ["like", "comment", "follow", "mention"]}
    )
    actors = fields.List(
        fields.Nested(Author),
        required=True,
        metadata={
            "description": "Who did it, newest first: likes of one post, and follows, "
            'on one page are grouped ("ada and 3 others liked your post")'
        },
    )
    post = fields.Nested(PostThumbnail, required=True, allow_none=True)
    comment = fields.Nested(NotifiedComment, required=True, allow_none=True)
    read = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)


class NotificationPage(Schema):
    items = fields.List(fields.Nested(Notification), required=True)
    next_cursor = fields.Integer(required=True, allow_none=True)


class UnreadCount(Schema):
    unread_notifications = fields.Integer(required=True)


class TagInfo(Schema):
    name = fields.String(required=True, metadata={"description": "Normalised: case-folded"})
    post_count = fields.Integer(required=True)


class TagPage(Schema):
    tag = fields.Nested(TagInfo, required=True)
    items = fields.List(fields.Nested(Post), required=True)
    next_cursor = fields.Integer(required=True, allow_none=True)


class SearchPage(Schema):
    type = fields.String(required=True, metadata={"enum": SEARCH_TYPES})
    people = fields.List(fields.Nested(Profile), required=True)
    tags = fields.List(fields.Nested(TagInfo), required=True)
    posts = fields.List(fields.Nested(Post), required=True)
    next_cursor = fields.String(required=True, allow_none=True)


class ExplorePage(Schema):
    items = fields.List(fields.Nested(Post), required=True)
    next_cursor = fields.String(required=True, allow_none=True)
