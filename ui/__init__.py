"""The kiosk's PySide6 touch UI: the only package that imports Qt.

The screens, navigator and on-screen keyboard arrive with the UI issue; ``kiosk run``
imports this package lazily so the core and its tests never load Qt.
"""
