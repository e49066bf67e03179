"""Uploaded files kept for a day, so a report can be acted on without choosing the file again.

A file is stored under a random token with its owner; only that user can use it again (import
the valid rows, download the rows to correct). Files older than a day are removed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

MAX_AGE_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass(frozen=True)
class Upload:
    """A kept file and who may use it."""

    token: str
    filename: str
    owner_id: int
    organisation_id: int
    content: bytes


def folder() -> Path:
    """Where the files are kept (IMPORT_UPLOAD_FOLDER, else instance/imports)."""
    configured = current_app.config.get("IMPORT_UPLOAD_FOLDER")
    path = Path(configured) if configured else Path(current_app.instance_path) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def keep(content: bytes, filename: str, owner_id: int, organisation_id: int) -> str:
    """Store a file for its owner; returns its token."""
    purge()
    token = secrets.token_urlsafe(24)
    base = folder()
    (base / f"{token}.csv").write_bytes(content)
    meta = {"filename": filename, "owner_id": owner_id, "organisation_id": organisation_id}
    (base / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load(token: str | None, owner_id: int) -> Upload | None:
    """The kept file, when it exists, is recent enough and belongs to this user."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    base = folder()
    data, meta_path = base / f"{token}.csv", base / f"{token}.json"
    try:
        if time.time() - meta_path.stat().st_mtime > MAX_AGE_SECONDS:
            return None
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        content = data.read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("owner_id") != owner_id:
        return None
    return Upload(
        token, str(meta.get("filename") or ""), owner_id, int(meta["organisation_id"]), content
    )


def discard(token: str) -> None:
    """Forget a kept file."""
    if not _TOKEN.fullmatch(token):
        return
    for suffix in (".csv", ".json"):
        (folder() / f"{token}{suffix}").unlink(missing_ok=True)


def purge() -> None:
    """Remove the files older than a day."""
    limit = time.time() - MAX_AGE_SECONDS
    for path in folder().glob("*.*"):
        try:
            if path.stat().st_mtime < limit:
                os.unlink(path)
        except OSError:
            continue
