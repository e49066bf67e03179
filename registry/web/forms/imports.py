"""The declarations import form: the file, and whether to import only the valid rows."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField


class ImportForm(FlaskForm):
    """The file, and whether the valid rows may be imported without the invalid ones."""

    file = FileField(_l("CSV file"))
    valid_only = BooleanField(_l("Import only the valid rows"))
    upload = HiddenField()
