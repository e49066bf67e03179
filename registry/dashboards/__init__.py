"""The dashboards' figures and tables, built from plain rows (docs/domain.md §10). Pure: no app
state, no database — the rows come from registry/services/dashboards/.

- ``rows``: the plain rows passed between the layers (no ORM objects);
- ``plotting``: the common look (palette, layout, bars, the JSON a page embeds);
- ``figures``, ``system_figures``, ``tables``, ``labels``: rows -> plotly figure, data table (and
  its CSV), labels in the current language;
- ``charts``: each dashboard's charts (title, scale sentence, figure, table).
"""
