"""Printable PDF reports: one inquiry's answer, one certificate's verification, a batch
of inquiries, and a period of the audit trail.

All are A4, Persian first with English beside it, Jalali dates with the Gregorian ones,
made with fpdf2, HarfBuzz shaping (uharfbuzz) and the bundled Vazirmatn. ``page`` holds
the page they share (fonts, shaping, header, numbered footer, facts, paged tables) and
``text`` the way numbers, moments and durations are written; each report is a module.
"""

from desktop.core.reports.answer import AnswerReportMeta, answer_report_pdf
from desktop.core.reports.audit import AuditReportMeta, AuditReportRow, audit_report_pdf
from desktop.core.reports.batch import BatchReportMeta, BatchReportRow, batch_report_pdf
from desktop.core.reports.page import ELLIPSIS
from desktop.core.reports.text import en_duration, en_moment, fa_duration, fa_moment, fa_number
from desktop.core.reports.verification import VerificationReportMeta, verification_report_pdf

__all__ = [
    "ELLIPSIS",
    "AnswerReportMeta",
    "AuditReportMeta",
    "AuditReportRow",
    "BatchReportMeta",
    "BatchReportRow",
    "VerificationReportMeta",
    "answer_report_pdf",
    "audit_report_pdf",
    "batch_report_pdf",
    "en_duration",
    "en_moment",
    "fa_duration",
    "fa_moment",
    "fa_number",
    "verification_report_pdf",
]
