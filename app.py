"""Run Flaskgram's development server at http://127.0.0.1:5000 (`python app.py`)."""

from flask_migrate import upgrade

from flaskgram import create_app

# The dev server speaks plain http on loopback, so cookies can't be marked Secure here.
app = create_app({"HTTPS": False})

if __name__ == "__main__":
    with app.app_context():
        upgrade()  # create or update the database first, so the first page just works
    app.run(host="127.0.0.1", port=5000)
