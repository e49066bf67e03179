"""Sign-in, two-factor and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Email(_l("Enter a valid e-mail address, for example name@example.fr.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Enter your password.")), Length(max=256)],
    )
    submit = SubmitField(_l("Sign in"))


class TotpForm(FlaskForm):
    """A 6-digit code from an authenticator app."""

    code = StringField(
        _l("Code from your authenticator app"),
        description=_l("6 digits, e.g. 123456"),
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code"},
    )


class PasswordForm(FlaskForm):
    """Change the password."""

    current_password = PasswordField(
        _l("Current password"), render_kw={"autocomplete": "current-password"}
    )
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters, not containing your e-mail address."),
        render_kw={"autocomplete": "new-password"},
    )
