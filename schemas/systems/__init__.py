"""AI systems: what a declaration may hold (declaration.py) and what the API reads and shows
(api.py). Import from ``schemas.systems``."""

from schemas.systems.api import (
    CatalogueQuerySchema,
    DeploymentSchema,
    RegistrationSchema,
    RevisionSchema,
    SystemCreateSchema,
    SystemDetailSchema,
    SystemPageSchema,
    SystemSummarySchema,
    SystemWriteSchema,
    VersionSchema,
    VersionWriteSchema,
)
from schemas.systems.declaration import (
    LIST_FIELDS,
    STEPS,
    TRANSPARENCY_OPTIONAL,
    DeclarationSchema,
    DeploymentInputSchema,
    NewSystemSchema,
    VersionInputSchema,
)

__all__ = [
    "LIST_FIELDS",
    "STEPS",
    "TRANSPARENCY_OPTIONAL",
    "CatalogueQuerySchema",
    "DeclarationSchema",
    "DeploymentInputSchema",
    "DeploymentSchema",
    "NewSystemSchema",
    "RegistrationSchema",
    "RevisionSchema",
    "SystemCreateSchema",
    "SystemDetailSchema",
    "SystemPageSchema",
    "SystemSummarySchema",
    "SystemWriteSchema",
    "VersionInputSchema",
    "VersionSchema",
    "VersionWriteSchema",
]
