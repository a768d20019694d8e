"""`flask --app flaskgram reset-link USERNAME`: a reset link from the server's shell, for
when the one locked out is the admin and the site sends no mail."""

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import accounts
from . import create_reset_link


@click.command("reset-link")
@with_appcontext
@click.argument("username")
@click.option(
    "--site-url",
    help="The site's address, e.g. https://photos.example.com (default: SITE_URL).",
)
def reset_link(username: str, site_url: str | None):
    """Print a one-time password-reset link for USERNAME (valid PASSWORD_RESET_HOURS)."""
    user = accounts.user_named(username)
    if user is None:
        raise click.ClickException(f"No account is called {username!r}.")
    if site_url:
        current_app.config["SITE_URL"] = site_url
    if not current_app.config["SITE_URL"]:
        raise click.ClickException("Say where the site is: --site-url or SITE_URL.")
    link = create_reset_link(user, created_by=None)
    click.echo(link.url)
    click.echo(f"It works once, until {link.expires_at:%Y-%m-%d %H:%M} UTC.")


def init_app(app) -> None:
    app.cli.add_command(reset_link)
