"""WTForms forms, one module per domain."""
