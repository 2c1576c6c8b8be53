"""Core of the akimat self-service kiosk: config, domain, validators, storage, i18n, CLI.

Nothing in this package imports Qt; the touch UI lives in :mod:`ui`.
"""

__version__ = "0.1.0"
