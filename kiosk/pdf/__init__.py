"""A4 PDF documents in embedded DejaVu Sans: the appeal coupon and the statistics report."""

from kiosk.pdf.report import statistics_report_pdf
from kiosk.pdf.talon import appeal_talon_pdf

__all__ = ["appeal_talon_pdf", "statistics_report_pdf"]
