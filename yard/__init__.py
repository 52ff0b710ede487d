"""The desk serving phones on the outlet's LAN (docs/phone.md, "The desk on the LAN"): a small
HTTPS server inside the desk process, off by default, started from 设置. It serves the customer's
self-fill page with head office's relay paths answered locally (`relay.py`), and the yard staff
page (`resources/mobile/yard.html`): paired devices (`devices.py`), staff log-in with the desk's
own accounts, an instant quote from the desk's engine, and the hand-off to the desk's review list
(`desk.py`). The window only starts and stops it (`ui/pages/yard_box.py`).

May use app, sync and local_db; never ui (pyproject's import contracts)."""
