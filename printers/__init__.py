"""ESC/POS printing for the kiosk: encoder, printer profiles, transport, receipts, emulator.

No Qt here. Filled by the Printing issue.
"""
