"""What an audit event records."""

from __future__ import annotations

from registry.vocab.labels import Labels

AUDIT_ACTIONS: Labels = {
    "create": ("Création", "Created"),
    "update": ("Modification", "Updated"),
    "status": ("Changement de statut", "Status changed"),
    "delete": ("Suppression", "Deleted"),
    "login": ("Connexion", "Signed in"),
}
