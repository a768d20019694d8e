"""Extension objects, created unbound here and bound to an app in create_app()."""

import flask_login
import sqlalchemy as sa
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from .replicas import RoutingSession


class Base(DeclarativeBase):
    # Named constraints let Alembic diff and drop them the same way on SQLite and MySQL.
    metadata = sa.MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class LoginManager(flask_login.LoginManager):
    """Flask-Login's manager, with a remember cookie that isn't ASCII treated as absent."""

    def _load_user_from_remember_cookie(self, cookie):
        # Flask-Login checks the cookie's signature with hmac.compare_digest, which raises
        # TypeError on non-ASCII text: a forged cookie would otherwise be a 500.
        if not cookie.isascii():
            return None
        return super()._load_user_from_remember_cookie(cookie)


# expire_on_commit=False: objects keep their loaded values after a commit, so a view
# that commits and then renders does not silently re-query every row it touched.
# RoutingSession sends read-only requests' SELECTs to a replica when one is set.
db = SQLAlchemy(
    model_class=Base, session_options={"expire_on_commit": False, "class_": RoutingSession}
)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
# No X-RateLimit-* headers: Flask-Limiter would put a Retry-After on every limited
# answer, even a 302; rate_limits.too_many gives one to the 429s alone.
limiter = Limiter(key_func=get_remote_address, headers_enabled=False)
