"""The AI Act registration record of a system (Art 49, Annex VIII; docs/domain.md §7.18).

Who reads what follows the system's own visibility (docs/domain.md §2.2): everyone reads the
record of a published or withdrawn system, built from its published values; the owner's
organisation and administrators read it for their drafts too, with their pending changes, and
they alone see the person registering on the provider's behalf (item 2), which is personal data.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from registry.ai_act import registration
from registry.models import AISystem
from registry.services import policy, systems
from registry.services.policy import Actor


def _record(system: AISystem, actor: Actor, locale: str) -> registration.Record:
    owner = bool(policy.can(actor, "system.view_changes", system))
    declaration = systems.owner_view(system, actor) if owner else system
    data: dict[str, Any] = {name: getattr(declaration, name) for name in registration.FIELDS}
    data["page_url"] = url_for("systems.show", slug=system.slug, _external=True)
    provider = {"name": system.manufacturer.name, "country": system.manufacturer.country}
    found = registration.record(data, provider, locale)
    if owner:
        return found
    hidden = tuple(
        item
        if item.public
        else registration.Item(
            item.item, item.label, None, item.missing, item.source, item.note, public=False
        )
        for item in found.items
    )
    return registration.Record(found.applicable, found.section, found.reason, hidden)


def by_slug(slug: str, actor: Actor, locale: str) -> tuple[AISystem, registration.Record]:
    """The system (404 unless the actor may see it) and its record, in the locale."""
    system = systems.get_visible(slug, actor)
    return system, _record(system, actor, locale)


def by_id(system_id: int, actor: Actor, locale: str) -> registration.Record:
    """The record of a system by id (API), in the locale."""
    return _record(systems.get_visible_by_id(system_id, actor), actor, locale)
