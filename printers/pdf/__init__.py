"""A4 PDF documents in embedded DejaVu Sans: the appeal coupon and the statistics report."""

from printers.pdf.report import statistics_report_pdf
from printers.pdf.talon import appeal_talon_pdf

__all__ = ["appeal_talon_pdf", "statistics_report_pdf"]
