"""Tables and their small invariants, a module for each family of tables. Rules about who
may do what live in the rule modules; code imports the tables from here."""

from .accounts import LoginFailure, User, UserSession
from .base import Model, UTCDateTime, counter, post_fk, switch, user_fk, utcnow
from .links import AccountLink
from .posts import Comment, Follow, Like, Post, PostImage, SavedPost
from .site import AdminAction, Invitation, InvitationUse, SiteSetting
from .social import Notification, PostTag, Tag

__all__ = [
    "AccountLink",
    "AdminAction",
    "Comment",
    "Follow",
    "Invitation",
    "InvitationUse",
    "Like",
    "LoginFailure",
    "Model",
    "Notification",
    "Post",
    "PostImage",
    "PostTag",
    "SavedPost",
    "SiteSetting",
    "Tag",
    "UTCDateTime",
    "User",
    "UserSession",
    "counter",
    "post_fk",
    "switch",
    "user_fk",
    "utcnow",
]
