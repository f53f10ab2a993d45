"""History: every look-up made from this computer, and the agency's record on the server.

The local tab works signed out too (the trail is on this computer); the server tab needs
a session. Searching, opening and exporting run off the GUI thread.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import errors as core_errors
from desktop.core import jalali, national_id, wording
from desktop.core.audit import Actor, AuditLog, ChainReport, Entry
from desktop.core.audit_export import (
    Period,
    chain_text,
    export_history,
    name_in,
    outcome_text,
    person_text,
)
from desktop.core.inquiry import AgencyRecordItem, agency_record
from desktop.ui import errors, fmt, theme
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.i18n import localize_digits
from desktop.ui.models import ListTableModel
from desktop.ui.widgets import (
    Banner,
    BusyBar,
    Translatable,
    force_ltr,
    isolate,
    isolate_ltr,
    title_label,
    with_details,
)

#: Records shown at most per search; the export takes the same ones.
SEARCH_LIMIT = 5000
SERVER_LIMIT = 200


@dataclasses.dataclass(frozen=True)
class Filters:
    national_id: str | None
    case_reference: str | None
    clerk: str | None
    period: Period


@dataclasses.dataclass(frozen=True)
class Found:
    entries: list[Entry]
    chain: ChainReport
    clerks: list[str]


def _search(log: AuditLog, filters: Filters) -> Found:
    """In a worker thread: the records, the chain's state and the clerks to filter by."""
    since, until = filters.period.bounds()
    entries = log.search(
        national_id=filters.national_id,
        case_reference=filters.case_reference,
        clerk=filters.clerk,
        since=since,
        until=until,
        limit=SEARCH_LIMIT,
    )
    return Found(entries, log.verify(), log.clerks())


class HistoryView(Translatable, QWidget):
    searched = Signal()  # a search's results are on screen
    exported = Signal(str)  # the path of a finished export

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._job: BackgroundJob | None = None
        self._chain: ChainReport | None = None
        # The open record's personal details as last read: (sequence number, details).
        self._loaded: tuple[int, dict[str, Any] | None] | None = None
        self._filters = Filters(None, None, None, Period())
        self.title = title_label()
        self.subtitle = title_label("subtitle")
        self.banner = Banner()
        self.busy = BusyBar()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._local_page(), "")
        self.tabs.addTab(self._server_page(), "")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.banner)
        layout.addWidget(self.busy)
        layout.addWidget(self.tabs, 1)
        self.retranslate()

    # -- layout --------------------------------------------------------------
    def _local_page(self) -> QWidget:
        self.national_id = QLineEdit()
        force_ltr(self.national_id)
        self.case_reference = QLineEdit()
        self.clerk = QComboBox()
        self.first_day = QLineEdit()
        self.last_day = QLineEdit()
        for edit in (self.first_day, self.last_day):
            force_ltr(edit)
            edit.setMaximumWidth(130)
        for edit in (self.national_id, self.case_reference, self.first_day, self.last_day):
            edit.returnPressed.connect(self.search)
        self.search_button = QPushButton()
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self._clear_filters)
        self.export_xlsx = QPushButton()
        self.export_pdf = QPushButton()
        self.export_xlsx.clicked.connect(lambda: self._choose_export(".xlsx"))
        self.export_pdf.clicked.connect(lambda: self._choose_export(".pdf"))

        self._labels: dict[str, QLabel] = {}
        form = QGridLayout()
        form.setHorizontalSpacing(12)

        def field(key: str, widget: QWidget, row: int, column: int) -> None:
            label = QLabel()
            label.setBuddy(widget)
            self._labels[key] = label
            form.addWidget(label, row, column)
            form.addWidget(widget, row, column + 1)

        field("id", self.national_id, 0, 0)
        field("case", self.case_reference, 0, 2)
        field("clerk", self.clerk, 0, 4)
        field("from", self.first_day, 1, 0)
        field("to", self.last_day, 1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_xlsx)
        buttons.addWidget(self.export_pdf)
        form.setColumnStretch(1, 2)
        form.setColumnStretch(3, 2)
        form.setColumnStretch(5, 1)

        self.chain = QLabel()
        self.chain.setWordWrap(True)
        self.count = QLabel()
        self.count.setProperty("role", "subtitle")
        status = QHBoxLayout()
        status.addWidget(self.chain, 1)
        status.addWidget(self.count)

        columns: list[tuple[Callable[[], str], Callable[[Entry], str]]] = [
            (lambda: self.tr("Time"), lambda e: fmt.datetime(e.at)),
            (lambda: self.tr("Clerk"), lambda e: isolate_ltr(e.clerk)),
            (lambda: self.tr("Kind"), lambda e: fmt.word(wording.AUDIT_KIND, e.kind.value)),
            (lambda: self.tr("Case reference"), lambda e: isolate(e.case_reference)),
            (lambda: self.tr("National ID"), self._person),
            (lambda: self.tr("Outcome"), lambda e: outcome_text(e.outcome, fmt.language())),
            (lambda: self.tr("Server reference"), lambda e: isolate_ltr(e.server_ref)),
        ]
        self.model = ListTableModel(columns)
        self.table = _table(self.model, _WIDTHS, stretch=5)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.open_current())
        splitter, self.details_title, self.details = with_details(self.table)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(status)
        layout.addWidget(splitter, 1)
        return page

    def _server_page(self) -> QWidget:
        self.server_note = QLabel()
        self.server_note.setWordWrap(True)
        self.fetch_button = QPushButton()
        self.fetch_button.clicked.connect(self.fetch_server_record)
        line = QHBoxLayout()
        line.addWidget(self.server_note, 1)
        line.addWidget(self.fetch_button)
        columns: list[tuple[Callable[[], str], Callable[[AgencyRecordItem], str]]] = [
            (lambda: self.tr("Time"), lambda i: fmt.datetime(i.at)),
            (lambda: self.tr("Clerk"), lambda i: isolate_ltr(i.username)),
            (lambda: self.tr("Kind"), self._server_kind),
            (lambda: self.tr("Case reference"), lambda i: isolate(i.case_reference or "")),
            (
                lambda: self.tr("National ID"),
                lambda i: isolate_ltr(localize_digits(i.national_id_masked)),
            ),
            (lambda: self.tr("Outcome"), self._server_outcome),
            (lambda: self.tr("Server reference"), lambda i: isolate_ltr(i.reference)),
        ]
        self.server_model = ListTableModel(columns)
        self.server_table = _table(self.server_model, _WIDTHS, stretch=5)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(line)
        layout.addWidget(self.server_table, 1)
        return page

    def retranslate(self) -> None:
        self.title.setText(self.tr("History"))
        self.subtitle.setText(
            self.tr("Every look-up of a person's data made from this computer, and by whom.")
        )
        self.tabs.setTabText(0, self.tr("On this computer"))
        self.tabs.setTabText(1, self.tr("Agency record at the SSO"))
        texts = {
            "id": self.tr("National ID"),
            "case": self.tr("Case reference"),
            "clerk": self.tr("Clerk"),
            "from": self.tr("From"),
            "to": self.tr("To"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.national_id.setAccessibleName(texts["id"])
        self.case_reference.setAccessibleName(texts["case"])
        self.clerk.setAccessibleName(texts["clerk"])
        self.first_day.setAccessibleName(self.tr("From (Jalali date)"))
        self.last_day.setAccessibleName(self.tr("To (Jalali date)"))
        self.national_id.setPlaceholderText(self.tr("10 digits, Persian or Latin"))
        self.case_reference.setPlaceholderText(self.tr("All or part of it"))
        example = localize_digits("1405/09/01")
        for edit in (self.first_day, self.last_day):
            edit.setPlaceholderText(example)
        if self.clerk.count() == 0:
            self.clerk.addItem("", None)
        self.clerk.setItemText(0, self.tr("All clerks"))
        self.search_button.setText(self.tr("Search"))
        self.clear_button.setText(self.tr("Clear"))
        self.export_xlsx.setText(self.tr("Export to Excel…"))
        self.export_pdf.setText(self.tr("Export to PDF…"))
        self.fetch_button.setText(self.tr("Fetch the agency's record"))
        self.table.setAccessibleName(self.tr("Records"))
        self.server_table.setAccessibleName(self.tr("The agency's record at the SSO"))
        self.details.setAccessibleName(self.tr("Details"))
        self.model.retranslate()
        self.server_model.retranslate()
        self._show_chain()
        self._show_server_note()
        self.open_current()

    # -- searching -----------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # What was asked since the screen was last open shows up without a click.
        self.search()
        self._show_server_note()

    def _read_filters(self) -> Filters | None:
        """The filters as typed, or None after saying which one cannot be used."""
        raw_id = self.national_id.text().strip()
        nid = None
        if raw_id:
            try:
                nid = national_id.normalize(raw_id)
            except national_id.InvalidNationalId as error:
                self.banner.show_message("error", errors.id_reason(error.reason))
                self.national_id.setFocus()
                return None
        days: list[dt.date | None] = []
        for edit in (self.first_day, self.last_day):
            text = edit.text().strip()
            if not text:
                days.append(None)
                continue
            try:
                days.append(jalali.parse_date(text))
            except ValueError:
                self.banner.show_message(
                    "error",
                    self.tr("“%1” is not a Jalali date; write it as %2.")
                    .replace("%1", text)
                    .replace("%2", localize_digits("1405/09/01")),
                )
                edit.setFocus()
                return None
        first, last = days
        if first and last and first > last:
            self.banner.show_message("error", self.tr("The first day comes after the last."))
            self.first_day.setFocus()
            return None
        clerk = self.clerk.currentData()
        return Filters(nid, self.case_reference.text().strip() or None, clerk, Period(first, last))

    def search(self) -> None:
        if self._job is not None:
            return
        self._loaded = None  # details may have been purged since they were read
        filters = self._read_filters()
        if filters is None:
            return
        self.banner.hide()
        self._filters = filters
        self._start(asyncio.to_thread(_search, self._ctx.audit, filters), self._found)

    def _found(self, found: Found) -> None:
        self.model.set_items(found.entries)
        self._chain = found.chain
        self._show_chain()
        chosen = self.clerk.currentData()
        self.clerk.blockSignals(True)
        while self.clerk.count() > 1:
            self.clerk.removeItem(1)
        for name in found.clerks:
            self.clerk.addItem(name, name)
        self.clerk.setCurrentIndex(max(0, self.clerk.findData(chosen)))
        self.clerk.blockSignals(False)
        more = len(found.entries) >= SEARCH_LIMIT
        self.count.setText(
            (self.tr("The newest %1 records") if more else self.tr("%1 records")).replace(
                "%1", fmt.count(len(found.entries))
            )
        )
        if found.entries:
            self.table.setCurrentIndex(self.model.index(0, 0))
        else:
            self.open_current()
        self.searched.emit()

    def _clear_filters(self) -> None:
        for edit in (self.national_id, self.case_reference, self.first_day, self.last_day):
            edit.clear()
        self.clerk.setCurrentIndex(0)
        self.search()

    def _show_chain(self) -> None:
        if self._chain is None:
            self.chain.clear()
            return
        ok = self._chain.ok
        text = (
            self.tr("Audit trail %1.") if ok else self.tr("Audit trail %1. Tell your supervisor.")
        ).replace("%1", chain_text(self._chain, fmt.language()))
        self.chain.setText(("✓ " if ok else "⚠ ") + text)
        self.chain.setStyleSheet(f"color: {theme.COLORS['success' if ok else 'error'][0]};")

    def _person(self, entry: Entry) -> str:
        if entry.national_id:
            return isolate_ltr(localize_digits(person_text(entry, "en")))
        return self.tr("purged") if entry.subject else ""

    # -- opening -------------------------------------------------------------
    def open_current(self) -> None:
        """Show the selected record's kept details, or say they were purged."""
        self.details.clear()
        row = self.table.currentIndex().row()
        if row < 0 or row >= self.model.rowCount():
            self.details_title.setText(
                self.tr("Choose a record to see what was asked and answered.")
            )
            return
        entry: Entry = self.model.item(row)
        self.details_title.setText(
            self.tr("Record %1: %2 by %3")
            .replace("%1", fmt.number(entry.seq))
            .replace("%2", fmt.word(wording.AUDIT_KIND, entry.kind.value))
            .replace("%3", isolate_ltr(entry.clerk))
        )
        self._add_fact(self.tr("Time"), f"{fmt.datetime(entry.at)}  ({fmt.gregorian(entry.at)})")
        self._add_fact(self.tr("Purpose"), isolate(entry.purpose))
        if not entry.has_details:
            if entry.subject:
                self.details.addItem(
                    self.tr(
                        "The personal details of this look-up were removed under the "
                        "retention period; the record itself stays."
                    )
                )
            return
        seq = entry.seq
        if self._loaded is not None and self._loaded[0] == seq:
            # Shown again in another language: no need to read the disk again.
            self._show_details(seq, self._loaded[1])
            return
        self._ctx.bridge.run(
            asyncio.to_thread(self._ctx.audit.details, seq),
            lambda d: self._loaded_details(seq, d),
            self.banner.show_error,
        )

    def _loaded_details(self, seq: int, details: dict[str, Any] | None) -> None:
        self._loaded = (seq, details)
        self._show_details(seq, details)

    def _add_fact(self, label: str, value: str) -> None:
        if value:
            self.details.addItem(f"{label}: {value}")

    def _show_details(self, seq: int, details: dict[str, Any] | None) -> None:
        row = self.table.currentIndex().row()
        if row < 0 or self.model.item(row).seq != seq:
            return  # another record was chosen meanwhile
        if details is None:
            self.details.addItem(self.tr("The details were removed a moment ago."))
            return
        answer = details.get("answer") or {}
        claims = answer.get("claims") or {}
        facts = [
            (self.tr("National ID"), localize_digits(details.get("national_id") or "")),
            (self.tr("Name"), name_in(details)),
            (
                self.tr("Status"),
                fmt.word(wording.STATUS, answer.get("status") or claims.get("status")),
            ),
            (self.tr("Verdict"), fmt.word(wording.VERDICT, answer.get("verdict"))),
            (self.tr("Insurance number"), localize_digits(answer.get("insurance_number") or "")),
            (self.tr("Serial"), claims.get("serial") or ""),
            (self.tr("Tracking code"), localize_digits(details.get("tracking_code") or "")),
            (self.tr("File"), Path(answer.get("path") or "").name),
        ]
        for label, value in facts:
            if value and value != "—":
                self._add_fact(label, isolate(value))

    # -- exporting -----------------------------------------------------------
    def _choose_export(self, suffix: str) -> None:
        kinds = {".xlsx": "Excel (*.xlsx)", ".pdf": "PDF (*.pdf)"}
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the records"),
            str(Path.home() / f"history{suffix}"),
            kinds[suffix],
        )
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.export_to(path)

    def export_to(self, path: str) -> Any:
        """Export the records on screen (with the period searched) to .xlsx or .pdf."""
        me = self._ctx.session.me
        actor = Actor.local(me)
        agency = me.agency.name if me is not None else ""
        entries = self.model.items()
        work = asyncio.to_thread(
            export_history,
            self._ctx.audit,
            path,
            entries,
            self._filters.period,
            agency=agency,
            clerk=me.full_name if me is not None else actor.clerk,
        )
        return self._start(work, lambda p: self._exported(str(p)))

    def _exported(self, path: str) -> None:
        self.banner.show_message(
            "success", self.tr("Saved to %1.").replace("%1", isolate_ltr(path))
        )
        self.exported.emit(path)

    # -- the server's record ---------------------------------------------------
    def _show_server_note(self) -> None:
        signed_in = self._ctx.session.signed_in
        self.fetch_button.setEnabled(signed_in and self._job is None)
        self.server_note.setText(
            self.tr(
                "What the SSO recorded for your agency: every clerk's inquiries and "
                "redeems, national IDs masked. It cannot be changed from this computer."
            )
            if signed_in
            else self.tr("Sign in to see the agency's record at the SSO.")
        )

    def fetch_server_record(self) -> Any:
        if self._job is not None or not self._ctx.session.signed_in:
            return None
        self.banner.hide()
        return self._start(
            agency_record(self._ctx.session, limit=SERVER_LIMIT), self.server_model.set_items
        )

    def _server_kind(self, item: AgencyRecordItem) -> str:
        kind = "inquiry" if item.kind == "inquiry" else "redeem"
        return fmt.word(wording.AUDIT_KIND, kind)

    def _server_outcome(self, item: AgencyRecordItem) -> str:
        if item.outcome == "redeemed":
            return self.tr("Redeemed")
        return fmt.word(wording.STATUS, item.outcome)

    # -- plumbing --------------------------------------------------------------
    def _start(self, work: Any, on_done: Callable[[Any], None]) -> Any:
        self.busy.show()
        self.fetch_button.setEnabled(False)
        self.search_button.setEnabled(False)
        self._job = self._ctx.bridge.run(work, on_done, self._failed)
        self._job.finished.connect(self._done)
        return self._job

    def _failed(self, error: BaseException) -> None:
        self.banner.show_error(error)
        if isinstance(error, core_errors.SessionExpired):
            self._show_server_note()

    def _done(self) -> None:
        self._job = None
        self.busy.hide()
        self.search_button.setEnabled(True)
        self._show_server_note()

    def clear_personal_data(self) -> None:
        """On sign-out: nothing of the server's record, nor a record's details, stays."""
        self._loaded = None
        self.details.clear()
        self.server_model.set_items([])
        self._show_server_note()


# Column widths that leave the stretching outcome column room in a window of 1100 px.
_WIDTHS = (130, 100, 130, 110, 100, 0, 140)


def _table(model: ListTableModel, widths: tuple[int, ...], *, stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    for column, width in enumerate(widths):
        if width:
            header.resizeSection(column, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
