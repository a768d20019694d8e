"""API account settings: the per-address limits in the OpenAPI document."""

from flaskgram import rate_limits


def test_the_document_lists_429_on_every_limited_operation(app, client):
    """Each operation behind a per-address limit documents its 429; the others don't."""
    document = client.get("/api/v1/openapi.json").json
    too_many = document["components"]["responses"]["TooManyRequests"]
    assert too_many["description"] == "Too many requests from this address; see Retry-After"
    assert "Retry-After" in too_many["headers"]
    assert too_many["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    limited = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":  # the path's own, not an operation
                continue
            view = app.view_functions[f"api.{operation['operationId']}"]
            if rate_limits.is_limited(view):
                limited.append(f"{method.upper()} {path}")
                assert "429" in operation["responses"], (method, path)
            else:
                assert "429" not in operation["responses"], (method, path)
    assert {
        "POST /api/v1/auth/token",
        "POST /api/v1/posts",
        "PATCH /api/v1/me",
    } <= set(limited)
    assert len(limited) == 9
