"""Maintenance mode: the hidden entry, the PIN pad, and the technician's pages."""
