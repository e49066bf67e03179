"""HTML views, one module per domain."""
