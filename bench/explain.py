"""Print MariaDB's plan for every query of every benchmarked page.

Usage:  python bench/explain.py --database mariadb [--size small|default]

It loads each page of bench/run.py once in-process, as user1 (or anonymously, or with an
API token, as the benchmark does), keeps each SELECT with its values filled in, and
prints MariaDB's EXPLAIN of it: per table the access type, the index chosen, the rows it
expects to read and the notes. Lines that read a whole table ("ALL"), sort more than a
thousand rows (filesort) or expect more than ROWS_TO_FLAG rows are marked "!!". Run it on the
default size: at a thousand posts a planner may scan where at a million it must not.
"""

import sys
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_site import open_site
from generate import parse_size
from run import api_token, log_in_client, pages_to_measure

from flaskgram.extensions import db

ROWS_TO_FLAG = 10_000


def statements_of(app, page, client, token: str) -> list[str]:
    """The SELECTs one load of the page runs, with their values in place."""
    seen: list[str] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(cursor.mogrify(statement, parameters))

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", keep)
    try:
        headers = {"Authorization": f"Bearer {token}"} if page.kind == "api" else {}
        getter = app.test_client() if page.kind == "anonymous" else client
        response = getter.get(page.path, headers=headers)
        assert response.status_code == 200, (page.path, response.status_code)
    finally:
        sa.event.remove(engine, "before_cursor_execute", keep)
    return seen


def suspicious(row) -> bool:
    """A step worth a second look: a whole table read, a big sort, or many rows."""
    if (row.table or "<").startswith("<"):
        return False  # a derived table or subquery's result: its own steps are shown
    rows, extra = int(row.rows or 0), row.Extra or ""
    return row.type == "ALL" or rows > ROWS_TO_FLAG or ("filesort" in extra and rows > 1000)


def explain(statement: str) -> list:
    with db.engine.connect() as connection:
        return list(connection.exec_driver_sql(f"EXPLAIN {statement.replace('%', '%%')}"))


def main() -> None:
    args, size = parse_size()
    app, url = open_site(args.database, size)
    if sa.engine.make_url(url).get_backend_name() != "mysql":
        sys.exit("EXPLAIN is read on MariaDB: --database mariadb")
    client = app.test_client()
    log_in_client(client)
    token = api_token(app.test_client())
    for page in pages_to_measure(app):
        print(f"\n## {page.name}  ({page.path})")
        for number, statement in enumerate(statements_of(app, page, client, token), 1):
            print(f"\n{number}. {' '.join(statement.split())[:400]}")
            with app.app_context():
                plan = explain(statement)
            for row in plan:
                mark = "!!" if suspicious(row) else "  "
                print(
                    f"   {mark} {row.table or '-':<22} {row.type or '-':<7} "
                    f"key={row.key or '-':<40} rows={row.rows or 0:<9} {row.Extra or ''}"
                )


if __name__ == "__main__":
    main()
