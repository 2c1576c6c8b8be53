"""Child processes for the UI benchmarks (run with ``python -m benchmarks.ui_probe MODE``).

* ``bare`` — a bare PySide6 window; prints seconds from process start to its first paint.
* ``kiosk STATE_DIR`` — the kiosk as ``kiosk run`` builds it (database, catalogue,
  translations, printer emulator, theme, every screen); prints seconds to the home
  screen's first paint.

Process start is the parent's ``time.monotonic()`` passed in ``$PROBE_T0`` (the same
system-wide clock in both processes).
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _elapsed() -> float:
    return time.monotonic() - float(os.environ["PROBE_T0"])


def main() -> int:
    """Build the window of MODE and report the first paint."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                print(f"{_elapsed():.6f}", flush=True)
                os._exit(0)
            return False

    probe = FirstPaint()
    if sys.argv[1] == "bare":
        window = QWidget()
        window.resize(1920, 1080)
        window.installEventFilter(probe)
        window.show()
        return app.exec()

    from kiosk.config import load_config
    from ui.runtime import main as run_kiosk

    # The kiosk exactly as ``kiosk run`` starts it. Its home screen is watched the way the
    # bare window is: by the same filter on that one widget. (An application-wide Python
    # filter would make PySide wrap every object and event of the start-up in Python, tens
    # of milliseconds that the bare window's probe does not cost.) The filter goes on when
    # the event loop first turns: a zero timer is a posted event, and posted events are
    # delivered before the window's expose and its low-priority update request, which
    # paint it. Until then the window is built but nothing is drawn.
    def watch_home() -> None:
        for window in QApplication.topLevelWidgets():
            home = window.findChild(QWidget, "screen-home")
            if home is not None:
                home.installEventFilter(probe)
                return
        print("ui_probe: no home screen when the event loop started", file=sys.stderr)
        os._exit(2)

    QTimer.singleShot(0, watch_home)
    config = load_config(None, environ={"KIOSK_STATE_DIR": sys.argv[2]})
    return run_kiosk(["--windowed"], config)


if __name__ == "__main__":
    sys.exit(main())
