"""Home page and service pages."""

from __future__ import annotations

from flask import Blueprint, render_template

from registry.services import systems

bp = Blueprint("main", __name__)


@bp.get("/")
def home() -> str:
    """Home page with the registry's key figures."""
    return render_template("main/home.html", figures=systems.key_figures())


@bp.get("/accessibilite")
def accessibility() -> str:
    """Accessibility statement (RGAA)."""
    return render_template("main/accessibility.html")


@bp.get("/mentions-legales")
def legal() -> str:
    """Legal notice."""
    return render_template("main/legal.html")
