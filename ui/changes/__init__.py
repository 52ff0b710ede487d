"""The change wizard (批改 and 退保), a view of app/changes/flow.py."""
