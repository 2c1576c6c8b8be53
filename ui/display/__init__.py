"""The call board for the hall (``kiosk display``): last calls, waiting counts, chime and speech."""
