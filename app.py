"""Run Flaskgram's development server (`python app.py`; `make run` does the same).

It listens on FLASKGRAM_HOST and FLASKGRAM_PORT (http://127.0.0.1:5000 unless set).
"""

from flask_migrate import upgrade

from flaskgram import create_app, devserver

# The dev server speaks plain http, so cookies can't be marked Secure here.
app = create_app({"HTTPS": False})

if __name__ == "__main__":
    with app.app_context():
        upgrade()  # create or update the database first, so the first page just works
    devserver.serve(app)
