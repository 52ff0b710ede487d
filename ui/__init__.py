"""The PySide6 front end. Thin: every decision is a call into `app`.

Importing `ui` itself must not import Qt: `cli.launcher` also serves the headless CLI."""
