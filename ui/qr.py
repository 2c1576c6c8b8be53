"""A QR code as a crisp pixmap for the screen (photographable from a phone)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from printers.raster import qr_matrix

QUIET_ZONE = 4


def qr_pixmap(data: str, size: int = 320) -> QPixmap:
    """``data`` as a QR code about ``size`` pixels wide, with its quiet zone."""
    matrix = qr_matrix(data)
    modules = len(matrix) + 2 * QUIET_ZONE
    scale = max(1, size // modules)
    image = QImage(modules * scale, modules * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, black in enumerate(row):
            if black:
                painter.drawRect((x + QUIET_ZONE) * scale, (y + QUIET_ZONE) * scale, scale, scale)
    painter.end()
    return QPixmap.fromImage(image)
