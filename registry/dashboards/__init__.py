"""Dashboards for decision-makers (docs/domain.md §10).

- ``filters``: one filter bar for every view, applied in SQL, stated in words;
- ``queries``, ``system_queries``, ``pipeline``: SQL aggregation, one statement per chart;
- ``rows``: the plain rows passed between the layers (no ORM objects);
- ``figures``, ``system_figures``, ``tables``, ``labels``: pure — rows -> plotly figure, data
  table (and its CSV), labels in the current language;
- ``charts``: each dashboard's charts (title, scale sentence, figure, table);
- ``service``: what the web pages and the API call, with the permission rules.
"""
