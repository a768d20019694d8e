"""Commands for `flask --app flaskgram ...`."""

import click
from flask.cli import with_appcontext

from . import demo


@click.command("seed-demo")
@with_appcontext
@click.option("--posts-per-user", default=3, show_default=True, help="Photos for each person.")
def seed_demo(posts_per_user: int):
    """Fill the site with demo people, photos, follows, likes and comments."""
    users = demo.seed(posts_per_user=posts_per_user)
    click.echo(f"Demo ready: {len(users)} people. Log in as any of them, for example:")
    click.echo(f"  username: {users[0].username}   password: {demo.DEMO_PASSWORD}")


def init_app(app):
    app.cli.add_command(seed_demo)
