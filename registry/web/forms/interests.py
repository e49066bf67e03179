"""The declaration of interests form (the rules live in schemas/interests.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField


class InterestForm(FlaskForm):
    """A declared link with an organisation."""

    organisation_id = SelectField(_l("Organisation"), choices=[], validate_choice=False)
    kind = SelectField(_l("Kind of link"), choices=[], validate_choice=False)
    description = TextAreaField(_l("Description"))
    start_date = StringField(_l("From"), render_kw={"type": "date"})
    end_date = StringField(
        _l("Until"),
        description=_l("Leave empty if the link is ongoing."),
        render_kw={"type": "date"},
    )
