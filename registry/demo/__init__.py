"""Fictional data: every organisation, system, study and person here is invented (is_demo).

One generator (``generate`` for systems, ``evaluations`` for assessments and studies, over the
fixed ``content``) fills two registries: the demo (``sample``: `flask demo load`, a few dozen
systems written through the models with their audit trail, plus ``revisions``) and the registry
at national scale for the benchmark (``scale``: `flask bench seed`, bulk inserts, ``names``
invents its manufacturers and facilities). ``files`` invents import files (CSV, FDA list).
"""

from registry.demo.sample import (
    DEMO_DOMAIN,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    counts,
    is_loaded,
    load,
    wipe,
)

__all__ = ["DEMO_DOMAIN", "DEMO_LOGINS", "DEMO_PASSWORD", "counts", "is_loaded", "load", "wipe"]
