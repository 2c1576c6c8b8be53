"""The lines a receipt printer hangs on: serial port, USB printer class device, raw TCP.

Use :func:`printers.transport.open_line` to pick one from ``printer.url``.
"""
