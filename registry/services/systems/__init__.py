"""AI systems: the public catalogue (catalogue.py) and the declaration of one system, read and
changed by its manufacturer (declaration.py). Import from ``registry.services.systems``."""

from registry.services.systems.catalogue import (
    CatalogueQuery,
    Page,
    key_figures,
    search,
)
from registry.services.systems.declaration import (
    RESERVED_SLUGS,
    StaleForm,
    add_deployment,
    add_version,
    create,
    form_version,
    get_editable,
    get_visible,
    get_visible_by_id,
    new_slug,
    own_systems,
    owner_view,
    pending_errors,
    remove_deployment,
    save_step,
    update_declaration,
)

__all__ = [
    "RESERVED_SLUGS",
    "StaleForm",
    "CatalogueQuery",
    "Page",
    "add_deployment",
    "add_version",
    "create",
    "form_version",
    "get_editable",
    "get_visible",
    "get_visible_by_id",
    "new_slug",
    "key_figures",
    "own_systems",
    "owner_view",
    "pending_errors",
    "remove_deployment",
    "save_step",
    "search",
    "update_declaration",
]
