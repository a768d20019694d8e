"""Commands for `flask --app flaskgram ...`."""

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from . import accounts, admin_log, demo, posts, problems, roles, validation
from .extensions import db
from .models import PostImage


@click.command("seed-demo")
@with_appcontext
@click.option("--posts-per-user", default=3, show_default=True, help="Photos for each person.")
def seed_demo(posts_per_user: int):
    """Fill the site with demo people, photos, follows, likes and comments (once)."""
    first = demo.PEOPLE[0][0]
    existing = demo.existing_people()
    if len(existing) == len(demo.PEOPLE):
        click.echo(f"The demo is already there: nothing added. Log in as {first}")
    elif existing:
        raise click.ClickException(
            f"Some demo usernames are taken ({', '.join(sorted(existing))}); "
            "the demo only goes into a site without them."
        )
    else:
        users = demo.seed(posts_per_user=posts_per_user)
        click.echo(f"Demo ready: {len(users)} people. Log in as any of them, for example {first}")
    click.echo(f"  username: {first}   password: {demo.DEMO_PASSWORD}")


@click.command("fetch-remote-images")
@with_appcontext
def fetch_remote_images():
    """Fetch and keep the pictures of posts made by address before pictures were kept."""
    # Their one photo row has the address and no stored name (revision 0005).
    waiting = (
        sa.select(PostImage.id).where(PostImage.remote_url.is_not(None)).order_by(PostImage.id)
    )
    kept, failed = 0, 0
    for photo_id in db.session.scalars(waiting).all():
        photo = db.session.get(PostImage, photo_id)
        if photo is None or photo.remote_url is None:
            continue  # deleted or fetched since the list was made
        address, post_id = photo.remote_url, photo.post_id
        try:
            posts.keep_remote_picture(photo)
        except posts.PostGone:
            continue
        except validation.Invalid as error:
            db.session.rollback()
            failed += 1
            click.echo(f"Post {post_id}: {address}\n  {error}", err=True)
        else:
            kept += 1
    click.echo(f"Pictures fetched and kept: {kept}. Could not be fetched: {failed}.")
    if failed:
        click.echo("Those posts still show the picture from its address; try again later.")
        raise SystemExit(1)


@click.command("create-admin")
@with_appcontext
@click.argument("username")
@click.option("--email", help="For a new account; leave out to make an existing one admin.")
def create_admin(username: str, email: str | None):
    """Make an admin: a new account (with --email; asks for its password) or an existing one."""
    user = accounts.user_named(username)
    if user is None:
        if not email:
            raise click.ClickException(
                f"There is no account called {username!r}. To create it, add --email."
            )
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            user = accounts.create_user(username, email, password)
        except problems.Problem as problem:
            raise click.ClickException(f"{problem.field or 'account'}: {problem}") from None
    elif email:
        raise click.ClickException(f"{user.username} already exists; leave out --email.")
    user.is_admin, user.status = True, roles.ACTIVE
    admin_log.record(admin_log.COMMAND_LINE, "make_admin", user.username)
    db.session.commit()
    click.echo(f"{user.username} is an admin. Log in and open /admin.")


def init_app(app):
    app.cli.add_command(create_admin)
    app.cli.add_command(seed_demo)
    app.cli.add_command(fetch_remote_images)
