"""HTML forms. They parse and report; the rules themselves live in validation.py."""

from flask import current_app, render_template, request
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import NEED_DATA, Data, Epilogue, Field, File, MultipartDecoder
from wtforms import BooleanField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from . import media, validation


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


def status_of(form: FlaskForm) -> int:
    """The status for showing a form: 200 at first, 400 once a submission failed."""
    return 400 if form.is_submitted() else 200


class SignupForm(FlaskForm):
    username = StringField("Username", [rule(validation.clean_username)])
    email = StringField("Email", [rule(validation.clean_email)])
    password = PasswordField("Password", [rule(validation.check_password)])


class LoginForm(FlaskForm):
    username = StringField("Username or email", [InputRequired("Enter your username or email.")])
    password = PasswordField("Password", [InputRequired("Enter your password.")])
    remember = BooleanField("Remember me")
    next = HiddenField()


class PostForm(FlaskForm):
    image = FileField("Photo")
    image_url = StringField("…or an image address (https://)")
    caption = TextAreaField("Caption", [rule(validation.clean_caption)])
    alt_text = StringField(
        "Alt text (describes the photo for people who can't see it)",
        [rule(validation.clean_alt_text)],
    )

    def validate_image_url(self, field):
        with_file = has_file(self.image)
        has_url = bool((field.data or "").strip())
        if with_file and has_url:
            raise ValidationError("Choose a photo or give an address, not both.")
        if not with_file and not has_url:
            raise ValidationError("Choose a photo to upload or give an image address.")
        if has_url:
            rule(validation.clean_image_url)(self, field)


class EditPostForm(FlaskForm):
    caption = TextAreaField("Caption", [rule(validation.clean_caption)])
    alt_text = StringField("Alt text", [rule(validation.clean_alt_text)])


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
    fields = MultiDict()
    if mimetype != "multipart/form-data" or not boundary:
        return fields
    budget = RECOVERY_READ_FACTOR * (current_app.config["MAX_CONTENT_LENGTH"] or 0)
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


def refused_upload_page(form_class, file_field: str, template: str):
    """Answer 413 with the upload form shown again as typed, the reason at its file field."""
    form = form_class(formdata=text_fields_of_refused_body(request.environ))
    getattr(form, file_field).errors = [media.TOO_LARGE]
    return render_template(template, form=form), 413
