"""The outlet's figures (docs/reports.md): pure arithmetic over rows the outlet store or head
office aggregates, so the 报表 page, the exports and head office compute every figure the same
way. Nothing here opens a store, draws a widget or reads a clock unless given one."""
