"""The OpenAPI document and a Swagger UI page for it, served from our own files.

Both are public: they describe the code, not anyone's data, and a client needs them
before it has a token. Swagger UI comes from the swagger-ui-bundle package, so the page
works without the internet and under the app's Content-Security-Policy (no inline script).
"""

from pathlib import Path

import flask
from flask import render_template, send_from_directory
from flask_smorest import current_api
from swagger_ui_bundle import swagger_ui_path

from . import bp
from .auth import no_token_needed


@bp.route("/openapi.json", methods=["GET"], tags=["docs"])
@no_token_needed
@bp.doc(summary="This document")
def openapi_json():
    """This OpenAPI 3 document."""
    return current_api.spec.to_dict()


@bp.route("/docs", methods=["GET"], tags=["docs"])
@no_token_needed
@bp.doc(summary="Browse this document", responses={"200": {"description": "An HTML page"}})
def docs():
    """An HTML page to read and try the API (Swagger UI)."""
    return render_template("api/docs.html")


FILES = ["swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "docs.js"]
DOCS_FILE = "/docs/<any({}):name>".format(", ".join(f"'{name}'" for name in FILES))


@no_token_needed
def docs_file(name):
    """Swagger UI's files, and the script that starts it."""
    if name == "docs.js":
        return send_from_directory(Path(__file__).parent / "static", name)
    return send_from_directory(swagger_ui_path, name)


# Registered with Flask's own method: the page's files are not part of the API document.
flask.Blueprint.add_url_rule(bp, DOCS_FILE, view_func=docs_file)
