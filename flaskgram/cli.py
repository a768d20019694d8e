"""Commands for `flask --app flaskgram ...`."""

import click
from flask.cli import with_appcontext

from . import demo


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


def init_app(app):
    app.cli.add_command(seed_demo)
