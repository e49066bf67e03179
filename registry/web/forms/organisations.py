"""Organisation profile form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField


class OrganisationForm(FlaskForm):
    """Name, country, SIREN, website."""

    name = StringField(_l("Name"))
    country = StringField(_l("Country"), description=_l("Two-letter code, e.g. FR."))
    siren = StringField(_l("SIREN number"), description=_l("9 digits, for French legal entities."))
    website = StringField(_l("Website"), render_kw={"type": "url", "placeholder": "https://"})
