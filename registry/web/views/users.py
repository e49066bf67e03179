"""A user's account: sign-in (with throttling, lockout and two-factor), sign-out, password and
two-factor settings (under /auth)."""

from __future__ import annotations

import base64
from datetime import datetime
from urllib.parse import urlsplit

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from registry.extensions import limiter
from registry.models import User
from registry.services import sessions, users
from registry.services.errors import ValidationFailed
from registry.vocab import Role
from registry.web import SECOND_FACTOR_KEY, SESSION_KEY
from registry.web.forms.common import ActionForm
from registry.web.forms.users import LoginForm, PasswordForm, TotpForm
from registry.web.views import done

bp = Blueprint("users", __name__, url_prefix="/auth")
TWO_FACTOR_SECONDS = 300  # time allowed between the password and the code


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.netloc and not parts.scheme:
            return target
    return url_for("main.home")


def _account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()


def _failed(response: Response) -> bool:
    return response.status_code in (401, 429)


def _me() -> User:
    """The signed-in user's own account, as stored now (404 if it is gone)."""
    user = users.get(current_user.id)
    if user is None:
        abort(404)
    return user


def _user_agent() -> str:
    return request.headers.get("User-Agent", "")


def _fresh_session() -> None:
    """Empty this browser's session, but for the language it chose."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def _renew_and_login(user: User) -> None:
    next_url = session.get("login_next")
    _fresh_session()  # a new session at sign-in (no fixation)
    session[SESSION_KEY] = sessions.open_session(user, _user_agent())
    login_user(user)
    session["login_next"] = next_url


def _finish_login(user: User) -> Response:
    _renew_and_login(user)
    flash(_("You are signed in as %(name)s.", name=user.display_name), "success")
    if user.role == Role.ADMIN and not user.totp_enabled:
        flash(_("Administrators must turn on two-factor sign-in before going further."), "warning")
        return redirect(url_for("users.two_factor_settings"))
    return redirect(_safe_next(session.pop("login_next", None)))


def _locked_page(until: datetime | None = None) -> tuple[str, int, dict[str, str]]:
    minutes = current_app.config["LOGIN_LOCKOUT_MINUTES"]
    message = _(
        "Too many failed sign-in attempts for this address. For your security, sign-in "
        "is suspended for %(minutes)s minutes. Try again later, or contact the registry "
        "team.",
        minutes=minutes,
    )
    form = LoginForm()
    form.password.errors = [message]
    return (render_template("users/login.html", form=form), 429, {"Retry-After": str(minutes * 60)})


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])  # per address
@limiter.limit(
    "5 per 15 minutes", key_func=_account_key, methods=["POST"], deduct_when=_failed
)  # failed attempts per account, known or not
def login() -> str | Response | tuple[str, int, dict[str, str]] | tuple[str, int]:
    """Sign in; the same message for an unknown e-mail and a wrong password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = LoginForm()
    status = 200
    if request.method == "GET" and request.args.get("next"):
        session["login_next"] = request.args.get("next")
    if form.validate_on_submit():
        try:
            user = users.authenticate(form.email.data or "", form.password.data or "")
        except users.LockedOut as locked:
            return _locked_page(locked.until)
        if user is not None:
            session["login_next"] = request.args.get("next") or session.get("login_next")
            if user.totp_enabled:
                # The code step belongs to this browser only, for TWO_FACTOR_SECONDS.
                session[SECOND_FACTOR_KEY] = sessions.open_session(
                    user, _user_agent(), second_factor_pending=True
                )
                return redirect(url_for("users.two_factor"))
            return _finish_login(user)
        form.password.errors = [_("E-mail address or password incorrect.")]
        status = 401
    elif request.method == "POST":
        status = 422
    return render_template("users/login.html", form=form), status


@bp.app_errorhandler(429)
def too_many(_error: Exception) -> tuple[str, int, dict[str, str]] | tuple[str, int]:
    """Throttled sign-in gets the lockout explanation; other pages the generic one."""
    if request.endpoint in ("users.login", "users.two_factor"):
        return _locked_page()
    from registry.web.errors import problem, wants_problem_json

    if wants_problem_json():
        response = problem(429, _("Too many requests: slow down and try again later."))
        response.headers["Retry-After"] = "60"
        return response  # type: ignore[return-value]
    return render_template(
        "errors/error.html",
        status=429,
        title=_("Too many requests"),
        detail=_("Too many requests: slow down and try again later."),
    ), 429


@bp.route("/2fa", methods=["GET", "POST"])
@limiter.limit("10 per 5 minutes", methods=["POST"])
def two_factor() -> str | Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    """Second step: the 6-digit code of the authenticator app."""
    pending = sessions.pending_second_factor(
        session.get(SECOND_FACTOR_KEY), _user_agent(), TWO_FACTOR_SECONDS
    )
    if pending is None:
        session.pop(SECOND_FACTOR_KEY, None)
        flash(_("Sign in again: the two-factor step expired."), "warning")
        return redirect(url_for("users.login"))
    form = TotpForm()
    if form.validate_on_submit():
        user = pending.user
        try:
            passed = users.second_factor(user, form.code.data or "")
        except users.LockedOut as locked:
            sessions.close_pending(pending)
            session.pop(SECOND_FACTOR_KEY, None)
            return _locked_page(locked.until)
        if passed:
            sessions.close_pending(pending)  # the key of this step is used up
            return _finish_login(user)
        form.code.errors = [
            _("This code is not valid. Type the 6 digits shown now by your authenticator app.")
        ]
        return render_template("users/two_factor.html", form=form), 401
    return render_template("users/two_factor.html", form=form)


@bp.post("/logout")
@login_required
def logout() -> Response:
    """Sign out (POST with CSRF token)."""
    sessions.end(session.get(SESSION_KEY), current_user)  # every copy of this cookie ends
    logout_user()
    _fresh_session()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password() -> str | Response | tuple[str, int]:
    """Change my password (every session and token ends); my open sessions."""
    form = PasswordForm()
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        user = _me()
        try:
            users.change_password(
                user, form.current_password.data or "", form.new_password.data or ""
            )
        except ValidationFailed as error:
            errors = error.errors
        else:
            _renew_and_login(user)  # this browser goes on, in a new session
            flash(
                _(
                    "Password changed. Your other sessions have been signed out and your API "
                    "tokens revoked."
                ),
                "success",
            )
            return redirect(url_for("main.home"))
    page = render_template(
        "users/password.html",
        form=form,
        errors=errors,
        sessions=sessions.active(current_user.id),
        this_key=session.get(SESSION_KEY),
        session_is_this=sessions.key_matches,
        session_summary=sessions.summary,
        end_form=ActionForm(),
    )
    return (page, 422) if errors else page


@bp.post("/sessions/<int:session_id>/end")
@login_required
def end_session(session_id: int) -> Response:
    """Sign out one of my sessions (another browser, a lost device)."""
    sessions.end_one(session_id, current_user)
    return done(_("That session has been signed out."), "users.password", _anchor="sessions")


@bp.post("/sessions/end-all")
@login_required
def end_all_sessions() -> Response:
    """Sign out everywhere, this browser included."""
    sessions.sign_out_everywhere(current_user)
    logout_user()
    _fresh_session()
    flash(_("You are signed out everywhere."), "info")
    return redirect(url_for("users.login"))


@bp.route("/2fa/settings", methods=["GET", "POST"])
@login_required
def two_factor_settings() -> str | Response | tuple[str, int]:
    """Turn two-factor sign-in on (scan, then confirm a code) or off."""
    user = _me()
    form = TotpForm()
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        action = request.form.get("action")
        try:
            if action == "start":
                users.start_totp(user)
            elif action == "confirm":
                users.confirm_totp(user, form.code.data or "")
                return done(_("Two-factor sign-in is on."), "users.two_factor_settings")
            elif action == "disable":
                users.disable_totp(user, form.code.data or "")
                flash(_("Two-factor sign-in is off."), "info")
                return redirect(url_for("users.two_factor_settings"))
        except ValidationFailed as error:
            errors = error.errors
    qr = None
    if user.totp_secret and not user.totp_enabled:
        svg = segno.make(users.totp_uri(user), error="m").svg_inline(scale=4)
        qr = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    page = render_template(
        "users/two_factor_settings.html", user=user, form=form, qr=qr, errors=errors
    )
    return (page, 422) if errors else page
