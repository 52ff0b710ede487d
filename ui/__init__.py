"""The PySide6 front end. Thin: every decision is a call into `app`.

Importing `ui` itself must not import Qt: `cli.launcher` also serves the headless CLI."""

from ui import source_scan

# Qt already imported (tests, benchmarks): stop its import hook keeping every module's source.
source_scan.stop()
