"""Endorsements (批改), cancellations (退保) and reprints (补打) of issued policies: the kinds and
their rules (`kinds`), the requests (`request`), what a change costs (`pricing`, pure: head office
uses it too), the change lifecycle, 批单 numbers, policy versions and the desk's services
(`service`). docs/changes.md describes the whole path."""
