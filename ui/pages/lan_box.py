"""设置 → 局域网服务: the desk's HTTPS server for phones on the outlet's LAN (docs/phone.md),
off until a supervisor or administrator starts it on an address of this PC. While it runs the
box shows the address and the certificate's fingerprint (what a device that trusts it once
compares), makes one-time pairing QR codes for the yard's phones and tablets, and lists the
paired devices, each revocable. The server itself is `yard` (`LanService`, made by the window)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ui.lan import LanHolder
from ui.pages.base import fill_table, read_only_table
from ui.widgets import field_label, named
from ui.wizard.qr_view import QrView

DEFAULT_PORT = 8443  # yard.desk.DEFAULT_PORT (not imported: the page loads without the server)


def lan_addresses() -> list[str]:
    """This PC's IPv4 addresses on interfaces that are up, loopback last (for a test on the PC
    itself: phones cannot reach it)."""
    found: list[str] = []
    for iface in QNetworkInterface.allInterfaces():
        flags = iface.flags()
        if not flags & QNetworkInterface.InterfaceFlag.IsUp:
            continue
        for entry in iface.addressEntries():
            ip = entry.ip()
            if ip.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                if not ip.isLoopback():
                    found.append(ip.toString())
    return [*dict.fromkeys(found), "127.0.0.1"]


class LanBox(QGroupBox):
    def __init__(self, ctx, user, lan: LanHolder, ops, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("lanBox")
        self.ctx, self.user, self.lan, self.ops = ctx, user, lan, ops
        self.address = named(QComboBox(), "lanAddress")
        self.address.setEditable(True)
        for ip in lan_addresses():
            self.address.addItem(ip)
        self.port = named(QSpinBox(minimum=1024, maximum=65535, value=DEFAULT_PORT), "lanPort")
        self.start = named(QPushButton(), "lanStart")
        self.state = named(QLabel(), "lanState")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(self.state.textInteractionFlags().TextSelectableByMouse)
        self.pair = named(QPushButton(), "lanPair")
        self.qr = QrView(200)
        self.qr.setObjectName("lanPairingQr")
        self.qr.hide()
        self.pair_note = named(QLabel(), "lanPairNote")
        self.pair_note.setWordWrap(True)
        self.devices = read_only_table("lanDevices")
        self.devices.setMinimumHeight(self.devices.fontMetrics().height() * 6)
        self.revoke = named(QPushButton(), "lanRevoke")
        self.message = named(QLabel(), "lanMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.addRow(QLabel(), self.address)
        self.form.addRow(QLabel(), self.port)
        layout.addLayout(self.form)
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addWidget(self.pair)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.state)
        pairing = QHBoxLayout()
        pairing.addWidget(self.qr)
        pairing.addWidget(self.pair_note, 1)
        layout.addLayout(pairing)
        layout.addWidget(self.devices)
        layout.addWidget(self.revoke)
        layout.addWidget(self.message)
        self.start.clicked.connect(self._start_or_stop)
        self.pair.clicked.connect(self._pair)
        self.revoke.clicked.connect(self._revoke)
        self._device_ids: list[str] = []
        self._waiting_since = 0
        # While a pairing QR is shown: the list asks every 2 s, until the code's 5 minutes end.
        self.pair_timer = QTimer(self)
        self.pair_timer.setInterval(2000)
        self.pair_timer.timeout.connect(self._pairing_tick)
        self._pairing_ticks = 0
        self.revoke.setEnabled(False)
        self.retranslate()

    def refresh(self) -> None:
        """The paired devices (the page is shown): read on the pool, where the server's
        modules load the first time."""
        lan = self.lan
        self.ops.read(lambda: lan.get().devices.devices(), done=self._show_devices, owner=self)

    def retranslate(self) -> None:
        self.setTitle(self.tr("LAN server for phones (yard and self-fill)"))
        field_label(self.form, self.address).setText(self.tr("Address on the outlet's network"))
        field_label(self.form, self.port).setText(self.tr("Port"))
        self.pair.setText(self.tr("Pair a phone or tablet…"))
        self.revoke.setText(self.tr("Revoke the selected device"))
        self._show_state()

    def _show_state(self) -> None:
        server = self.lan.server
        running = server is not None
        self.start.setText(
            self.tr("Stop the LAN server") if running else self.tr("Start the LAN server")
        )
        self.address.setEnabled(not running)
        self.port.setEnabled(not running)
        self.pair.setEnabled(running)
        if running:
            self.state.setText(
                self.tr(
                    "Serving at {url}: the yard page at {url}/yard/. Certificate fingerprint "
                    "(SHA-256): {fp}"
                ).format(url=server.url, fp=server.certificate.fingerprint)
            )
        else:
            self.state.setText(self.tr("Off. Phones use head office's address."))
            self.pair_timer.stop()
            self.qr.hide()
            self.pair_note.setText("")

    def _start_or_stop(self) -> None:
        lan, user = self.lan, self.user
        self.message.setText("")
        if lan.server is not None:
            self.ops.write(
                lambda: lan.get().stop(user),
                done=lambda _r: self._show_state(),
                failed=self._failed,
            )
            return
        host, port = self.address.currentText().strip(), self.port.value()
        self.ops.write(
            lambda: lan.get().start(user, host, port),
            done=self._started,
            failed=self._failed,
        )

    def _started(self, _server: object) -> None:
        self._show_state()
        self.refresh()

    def _pair(self) -> None:
        lan, user = self.lan, self.user

        def shown(url: str) -> None:
            self.qr.set_data(url)
            self.qr.show()
            # Watch for the device: the list shows it, and the used code goes, once it pairs.
            self._waiting_since, self._pairing_ticks = len(self._device_ids), 0
            self.pair_timer.start()
            self.pair_note.setText(
                self.tr(
                    "Scan with the phone or tablet to pair it (works once, for 5 minutes). The "
                    "device must trust this desk's certificate first: compare the fingerprint "
                    "above with the one the device shows."
                )
            )

        self.ops.write(lambda: lan.get().pairing_url(user), done=shown, failed=self._failed)

    def _pairing_tick(self) -> None:
        self._pairing_ticks += 1
        if self._pairing_ticks > 150 or self.lan.server is None:  # 5 minutes: the code expired
            self.pair_timer.stop()
            self._pairing_ticks = 0
            self.qr.hide()
            return
        self.refresh()

    def _show_devices(self, devices: list) -> None:
        self._device_ids = [d.device_id for d in devices]
        if self.pair_timer.isActive() and len(devices) > self._waiting_since:
            self.pair_timer.stop()
            self.qr.hide()
            self.pair_note.setText(self.tr("Paired: {name}").format(name=devices[-1].name))
        rows = [
            [
                d.name,
                d.paired_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                d.paired_by,
                self.tr("revoked") if d.revoked_at else self.tr("paired"),
            ]
            for d in devices
        ]
        fill_table(
            self.devices,
            [self.tr("Device"), self.tr("Paired at"), self.tr("Paired by"), self.tr("State")],
            rows,
        )
        self.revoke.setEnabled(bool(rows))

    def _revoke(self) -> None:
        row = self.devices.currentRow()
        if row < 0 or row >= len(self._device_ids):
            return
        lan, user, device_id = self.lan, self.user, self._device_ids[row]
        self.ops.write(
            lambda: lan.get().devices.revoke(user, device_id),
            done=lambda _r: self.refresh(),
            failed=self._failed,
        )

    def _failed(self, text: str, _exc: BaseException | None = None) -> None:
        self.message.setText(text)
        self._show_state()
        self.refresh()
