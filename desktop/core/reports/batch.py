"""The printable report of a batch of inquiries."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from desktop.core.reports.page import (
    GREY,
    ROW_H,
    SHADE,
    Document,
    Fact,
    ReportHead,
    moment_fact,
    table_report,
)
from desktop.core.reports.text import fa_number, prose

BATCH_TITLE = ("گزارش استعلام گروهی وضعیت بیمه‌ای", "Batch insurance-status inquiry report")


@dataclasses.dataclass(frozen=True)
class BatchReportMeta:
    agency: str
    clerk: str
    case_reference: str
    created: dt.datetime  # aware
    # (Persian label, count) in the order to print, e.g. ("بیمه‌شده", 812); the caller
    # names its own outcomes, so this report needs to know nothing of the batch engine.
    summary: Sequence[tuple[str, int]] = ()


@dataclasses.dataclass(frozen=True)
class BatchReportRow:
    row: int  # the row's number in the clerk's file
    national_id: str
    name: str
    status_label_fa: str
    detail: str = ""


# Columns of the batch table, right to left.
_COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("ردیف", "Row", 13.0),
    ("کد ملی", "National ID", 25.0),
    ("نام و نام خانوادگی", "Name", 48.0),
    ("وضعیت", "Status", 48.0),
    ("توضیح", "Detail", 0.0),  # the rest of the line
)


def batch_report_pdf(
    meta: BatchReportMeta,
    rows: Iterable[BatchReportRow],
    path: str | Path | BinaryIO,
    *,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the printable report of a batch; returns its page count.

    Rows are one line each (long names and details are cut with an ellipsis), so the
    page count is known before the first footer is drawn. ``progress`` is called with
    the number of rows laid out so far, every hundred rows.
    """
    rows = rows if isinstance(rows, Sequence) else list(rows)
    # The case reference is printed as the clerk typed it: it is a reference, not prose.
    note = f"{prose(meta.agency)} · پرونده {meta.case_reference}"
    facts = [
        Fact("دستگاه", prose(meta.agency), "", "Agency"),
        Fact("کاربر", prose(meta.clerk), "", "Clerk"),
        Fact("شماره پرونده", meta.case_reference, "", "Case reference"),
        moment_fact("تاریخ گزارش", meta.created, "Created"),
        Fact("تعداد ردیف‌ها", fa_number(len(rows)), str(len(rows)), "Rows"),
    ]
    head = ReportHead(meta.created, note, meta.clerk, facts, meta.summary)
    pages = table_report(path, BATCH_TITLE, head, _COLUMNS, rows, _table_row, progress)
    if progress is not None:
        progress(len(rows))
    return pages


def _table_row(doc: Document, widths: list[float], item: BatchReportRow, shade: bool) -> None:
    row_w, id_w, name_w, status_w, detail_w = widths
    doc.set_fill_color(*SHADE)
    doc.set_x(doc.l_margin)
    doc.style(7.5, colour=GREY)
    doc.put(detail_w, ROW_H, prose(item.detail), align="R", fill=shade)
    doc.style(8.5)
    doc.put(status_w, ROW_H, prose(item.status_label_fa), align="R", fill=shade)
    doc.put(name_w, ROW_H, prose(item.name), align="R", fill=shade)
    doc.put(id_w, ROW_H, item.national_id, align="C", fill=shade)
    doc.style(8.5, colour=GREY)
    doc.put(row_w, ROW_H, fa_number(item.row), align="C", fill=shade, next_line=True)
