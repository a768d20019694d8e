"""Liveness check for load balancers and uptime monitors."""

import sqlalchemy as sa
from flask import Blueprint, jsonify

from . import replicas
from .database import discard_transaction
from .errors import DATABASE_RETRY_AFTER
from .extensions import db
from .security import public

bp = Blueprint("health", __name__)


@bp.get("/healthz")
@public
def healthz():
    """Answer 200 when the app can reach its database, 503 when it can't.

    With a replica set, say whether it answers too; pages fall back to the primary
    without it, so it never makes the answer a 503.
    """
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        discard_transaction()
        body = jsonify(status="error", database="unreachable")
        return body, 503, {"Retry-After": str(DATABASE_RETRY_AFTER)}
    answer = {"status": "ok", "database": "ok"}
    replica = replicas.state()
    if replica is not None:
        answer["replica"] = "ok" if replicas.answers(replica.engine) else "unreachable"
    return jsonify(answer)
