"""Search: the index of the public systems (index.py), queries and corrections (query.py), the
filters' counts (facets.py) and the search box's suggestions (suggest.py).

docs/architecture.md §15 describes the whole; the medical vocabulary is in registry/search/.
"""
