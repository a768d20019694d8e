"""HTML forms. They parse and report; the rules themselves live in validation.py."""

from itertools import zip_longest

import wtforms
from flask import current_app, request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import NEED_DATA, Data, Epilogue, Field, File, MultipartDecoder
from wtforms import BooleanField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from .. import limits, media, validation
from ..problems import Problem


def rule(clean):
    """Wrap a validation.clean_* function as a WTForms validator that stores the clean value."""

    def validate(form, field):
        try:
            field.data = clean(field.data)
        except validation.Invalid as error:
            raise ValidationError(str(error)) from None

    return validate


def has_file(field) -> bool:
    """Tell whether a file input actually carries a file (browsers send an empty part)."""
    return bool(field.data and getattr(field.data, "filename", ""))


def upload_of(field):
    """The file a file input carries, or None for the empty part browsers send."""
    return field.data if has_file(field) else None


# A page never answers 401: that status asks for HTTP authentication, which pages don't use.
PAGE_STATUS = {401: 400}


def show_problem(form: FlaskForm, problem: Problem, page, *page_args):
    """Answer a rule's refusal with the form shown again, the message at its field."""
    if problem.field and problem.field in form:
        form[problem.field].errors = [*form[problem.field].errors, str(problem)]
    else:
        form.form_errors.append(str(problem))
    status = PAGE_STATUS.get(problem.status, problem.status)
    return page(form, *page_args), status, problem.headers()


def status_of(form: FlaskForm) -> int:
    """The status for showing a form: 200 at first, 400 once a submission failed."""
    return 400 if form.is_submitted() else 200


def form_page(form_class, page):
    """Attach to a view the page that shows its form, so a refused token can show it again.

    ``page(form, **view_args)`` renders the view's page around a form. It may read (and
    raise a 404) but never writes: the view uses it for its own pages too, and the CSRF
    error handler calls it through show_form_again() when the view itself must not run.
    """

    def attach(view):
        view.form_page = (form_class, page)
        return view

    return attach


def show_form_again(endpoint: str | None, message: str):
    """Render an endpoint's form page from what was sent, unchecked, with the message on it.

    Returns None when the endpoint has no form page (a button like "Like").
    """
    view = current_app.view_functions.get(endpoint or "")
    attached = getattr(view, "form_page", None)
    if attached is None:
        return None
    form_class, page = attached
    form = form_class()  # filled from request.form, never validated
    form.csrf_token.errors = [message]
    return page(form, **(request.view_args or {})), 400


class SignupForm(FlaskForm):
    username = StringField("Username", [rule(validation.clean_username)])
    email = StringField("Email", [rule(validation.clean_email)])
    password = PasswordField("Password", [rule(validation.check_password)])
    invitation = HiddenField()  # the token of the invitation link that led here, if any


class LoginForm(FlaskForm):
    username = StringField("Username or email", [InputRequired("Enter your username or email.")])
    password = PasswordField("Password", [InputRequired("Enter your password.")])
    remember = BooleanField("Remember me")
    next = HiddenField()


class RepeatedField(wtforms.Field):
    """A text field sent once per photo under one name (``alt_text``, ``position``),
    kept as a list in the order sent. Templates draw its inputs themselves."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, default=list, **kwargs)

    def process_formdata(self, valuelist):
        self.data = list(valuelist)

    def value(self, index: int) -> str:
        """The value sent for the photo at this index (from 0), or ""."""
        return self.data[index] if index < len(self.data or []) else ""


def each(clean, what: str):
    """Wrap a validation.clean_* function as a validator of every value of a RepeatedField."""

    def validate(form, field):
        cleaned = []
        for number, value in enumerate(field.data, start=1):
            try:
                cleaned.append(clean(value))
            except validation.Invalid as error:
                raise ValidationError(f"{what} {number}: {error}") from None
        field.data = cleaned

    return validate


class FileRowsField(wtforms.FileField):
    """File inputs of one name, one per row of a form: every part is kept, the empty ones
    (a row with no file chosen) too, so the rows' other fields stay paired with them.
    (Flask-WTF's MultipleFileField drops the empty ones.)"""

    def process_formdata(self, valuelist):
        self.data = list(valuelist)


class PostForm(FlaskForm):
    # One part per row, in the form's order; each row's alt text and place come in the
    # same order (templates/posts/new.html).
    image = FileRowsField("Photos")
    alt_text = RepeatedField(
        "Alt text (describes the photo for people who can't see it)",
        [each(validation.clean_alt_text, "Alt text")],
    )
    position = RepeatedField("Order")
    image_url = StringField("…or an image address (https://)")
    caption = TextAreaField("Caption", [rule(validation.clean_caption)])

    def validate_image_url(self, field):
        # Photos or an address, not both, is posts' rule (check_image_source).
        if (field.data or "").strip():
            rule(validation.clean_image_url)(self, field)

    def rows(self) -> int:
        """How many photo rows to show: every photo a post may hold, and every alt text
        sent (a refused post of too many photos keeps them), up to twice as many (a
        request of a thousand parts must not make a page of a thousand rows)."""
        sent = len(self.alt_text.data or [])
        return min(max(limits.PHOTOS_PER_POST_MAX, sent), 2 * limits.PHOTOS_PER_POST_MAX)

    def chosen_photos(self) -> tuple[list[FileStorage], list[str]]:
        """The files chosen, each with its alt text, in the order their rows ask for.

        Rows without a file are left out. A row's place is its ``position`` (1 to 10;
        the plain form's way to reorder), ties and nonsense keeping the rows' order.
        """
        rows = zip_longest(self.image.data or [], self.alt_text.data or [], self.position.data)
        chosen = []
        for number, (file, alt_text, position) in enumerate(rows, start=1):
            if isinstance(file, FileStorage) and file.filename:
                place = int(position) if str(position or "").isdigit() else number
                chosen.append((min(place, 10_000), number, file, alt_text or ""))
        chosen.sort(key=lambda row: row[:2])
        return [row[2] for row in chosen], [row[3] for row in chosen]


class EditPostForm(FlaskForm):
    caption = TextAreaField("Caption", [rule(validation.clean_caption)])
    alt_text = RepeatedField("Alt text", [each(validation.clean_alt_text, "Alt text")])


class CommentForm(FlaskForm):
    body = TextAreaField("Add a comment", [rule(validation.clean_comment)])
    next = HiddenField()


class ProfileForm(FlaskForm):
    display_name = StringField("Name", [rule(validation.clean_display_name)])
    bio = TextAreaField("Bio", [rule(validation.clean_bio)])
    avatar = FileField("Profile photo")


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", [InputRequired("Enter your password.")])
    new_password = PasswordField("New password", [rule(validation.check_password)])


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Your password", [InputRequired("Enter your password.")])


# A body over MAX_CONTENT_LENGTH is refused before Flask parses it, which would lose the
# caption typed with the photo. These read back just the text fields, never storing file
# data and reading at most twice the limit, so the refusal can show them again.
RECOVERY_READ_FACTOR = 2
RECOVERY_FIELD_BYTES = 64 * 1024


def text_fields_of_refused_body(environ) -> MultiDict:
    """Return the text fields of a multipart body too large to accept."""
    mimetype, options = parse_options_header(environ.get("CONTENT_TYPE", ""))
    boundary = options.get("boundary", "").encode()
    fields: MultiDict[str, str] = MultiDict()
    if mimetype != "multipart/form-data" or not boundary:
        return fields
    budget = RECOVERY_READ_FACTOR * (request.max_content_length or 0)
    budget = min(budget, int(environ.get("CONTENT_LENGTH") or 0))
    decoder = MultipartDecoder(boundary, max_form_memory_size=RECOVERY_FIELD_BYTES)
    stream, name, value = environ["wsgi.input"], None, bytearray()
    try:
        while True:
            event = decoder.next_event()
            if event is NEED_DATA:
                chunk = stream.read(min(64 * 1024, budget)) if budget > 0 else b""
                budget -= len(chunk)
                if not chunk:
                    break
                decoder.receive_data(chunk)
            elif isinstance(event, Field):
                name, value = event.name, bytearray()
            elif isinstance(event, File):
                name = None
            elif isinstance(event, Data) and name is not None:
                value += event.data
                if not event.more_data:
                    fields.add(name, value.decode("utf-8", "replace"))
            elif isinstance(event, Epilogue):
                break
    except (RequestEntityTooLarge, ValueError):
        pass  # a huge or malformed text field: show what was recovered so far
    return fields


def refused_upload_page(form_class, file_field: str, page):
    """Answer 413 with the upload form shown again as typed, the reason at its file field."""
    form = form_class(formdata=text_fields_of_refused_body(request.environ))
    getattr(form, file_field).errors = [media.TOO_LARGE]
    return page(form), 413


class NotificationSettingsForm(FlaskForm):
    likes = BooleanField("Likes of your posts")
    comments = BooleanField("Comments on your posts")
    follows = BooleanField("New followers")
    mentions = BooleanField("Mentions of you, in posts and comments")
