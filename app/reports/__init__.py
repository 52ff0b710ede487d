"""The outlet's reports over its own store: the facts kept per bound policy, the figures of a
period for the 报表 page and the exports (arithmetic in app.figures), the complaint register,
and the policies behind any figure. Definitions: docs/reports.md."""
