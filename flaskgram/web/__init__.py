"""The HTML front door: pages and their forms, one blueprint ``bp`` per module.

Views parse a form, call a rule from the package root, and render a template from the
app's templates/ folder; the JSON API (api/) calls the same rules. client.py serves the
React client's build at /app/, which talks to the JSON API.
"""


def init_app(app):
    # Imported here, as in the Flask tutorial: errors.py uses web.forms, and the views
    # use errors.py, so the views can't be loaded with the package.
    from . import (
        admin,
        auth,
        client,
        discover,
        notifications,
        posts,
        recovery,
        settings,
        templating,
        users,
    )

    for module in (auth, recovery, posts, users, settings, notifications, discover, client, admin):
        app.register_blueprint(module.bp)
    templating.init_app(app)
