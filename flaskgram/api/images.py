"""Stored photos for API clients, which send a bearer token rather than a login cookie.

The same files and headers as ``/media/<name>`` (media/views.py serves both); only the
way the caller proves who they are differs.
"""

from ..media import views as media_views
from . import bp

JPEG = {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}}


@bp.route("/images/<name>", methods=["GET"], tags=["images"])
@bp.doc(
    responses={
        200: {"description": "The JPEG", "content": JPEG},
        304: {"description": "Not modified: names never change, so a kept copy is current"},
    }
)
def image(name):
    """One stored rendition of a photo or avatar, as a post's or author's image URLs give."""
    return media_views.serve(name)
