"""The admin area's forms."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]
from wtforms.validators import InputRequired, Length, NumberRange

from ... import limits, registration


class RegistrationForm(FlaskForm):
    mode = RadioField(
        "Who can sign up",
        choices=[SelectChoice(mode, name) for mode, name in registration.MODE_NAMES.items()],
        validators=[InputRequired("Choose who can sign up.")],
    )


class InvitationForm(FlaskForm):
    max_uses = IntegerField(
        "How many people can use it",
        default=1,
        validators=[
            InputRequired("Enter a number of uses."),
            NumberRange(1, limits.INVITATION_USES_MAX, "Choose %(min)s to %(max)s uses."),
        ],
    )
    expires_in_days = IntegerField(
        "Days until it expires",
        default=7,
        validators=[
            InputRequired("Enter a number of days."),
            NumberRange(1, limits.INVITATION_DAYS_MAX, "Choose %(min)s to %(max)s days."),
        ],
    )
    note = StringField(
        "Note (for you: who it is for)",
        validators=[
            Length(
                max=limits.INVITATION_NOTE_MAX, message="Keep the note under %(max)d characters."
            )
        ],
    )
