"""HTML forms. They parse and report; the rules themselves live in validation.py."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, PasswordField, StringField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from . import validation


def rule(clean):
    """Wrap a validation.clean_* function as a WTForms validator that stores the clean value."""

    def validate(form, field):
        try:
            field.data = clean(field.data)
        except validation.Invalid as error:
            raise ValidationError(str(error)) from None

    return validate


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
        has_file = bool(self.image.data and getattr(self.image.data, "filename", ""))
        has_url = bool((field.data or "").strip())
        if has_file and has_url:
            raise ValidationError("Choose a photo or give an address, not both.")
        if not has_file and not has_url:
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
