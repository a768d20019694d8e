import threading
import sqlalchemy as sa
from conftest import AuthActions
from flaskgram.models import User, Post, Comment


def test_race(app, client, logged_in, make_user, make_post, scalar, row_count):
    make_user("bob")
    post = make_post(logged_in)
    token = client.csrf_token()
    cookie = client.get_cookie("session").value
    bob = app.test_client(); AuthActions(bob).login("bob")
    btoken = bob.csrf_token(); bcookie = bob.get_cookie("session").value
    browsers = []
    for i in range(12):
        b = app.test_client(); b.set_cookie("session", bcookie); browsers.append(b)
    barrier = threading.Barrier(13)
    results = []
    def go(b):
        barrier.wait()
        results.append(b.post(f"/p/{post.id}/comments", data={"csrf_token": btoken, "body": "x"}).status_code)
    def delete():
        barrier.wait()
        results.append(("del", client.post(f"/p/{post.id}/delete", data={"csrf_token": token}).status_code))
    ts = [threading.Thread(target=go, args=(b,)) for b in browsers] + [threading.Thread(target=delete)]
    [t.start() for t in ts]; [t.join() for t in ts]
    print(results)
    assert 500 not in results
