"""Store-and-forward sync between the kiosk's outbox and the regional server.

No Qt here. Filled by the Sync issue; imports :mod:`kiosk` only.
"""
