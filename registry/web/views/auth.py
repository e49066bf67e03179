"""Sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from registry.services import users
from registry.web.forms.auth import LoginForm, LogoutForm

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("main.home")


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """Sign in; the same message for an unknown e-mail and a wrong password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = users.authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            lang = session.get("lang")
            session.clear()  # renew the session at sign-in
            if lang:
                session["lang"] = lang
            login_user(user)
            flash(_("You are signed in as %(name)s.", name=user.display_name), "success")
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors = [_("E-mail address or password incorrect.")]
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("auth/login.html", form=form), status  # type: ignore[return-value]


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out (POST with CSRF token)."""
    form = LogoutForm()
    if form.validate_on_submit():
        lang = session.get("lang")
        logout_user()
        session.clear()
        if lang:
            session["lang"] = lang
        flash(_("You are signed out."), "info")
    return redirect(url_for("main.home"))
