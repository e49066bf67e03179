"""Search helpers that need neither Flask nor the database.

`vocabulary` loads the reviewed medical synonyms and abbreviations (`synonyms.csv`, described in
docs/search-vocabulary.md) and expands a query into groups of alternative terms.
"""
