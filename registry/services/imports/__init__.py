"""Bulk imports: declarations from an industrial's CSV file, and the FDA AI-enabled device list.

`declarations.run` and `fda.run` are services (permissions, one transaction, audit events);
`csvutil` reads uploaded bytes safely; `uploads` keeps an uploaded file for a follow-up action.
"""
