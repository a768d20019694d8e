# Read by the `flask` command only (through python-dotenv), for local development:
# `flask run` serves plain http, so HTTPS (Secure cookies, HSTS, the redirect) is off.
# gunicorn never reads this file: production keeps FLASKGRAM_HTTPS's default, true.
# A variable set in the environment wins over this file.
FLASK_APP=flaskgram
FLASKGRAM_HTTPS=false
