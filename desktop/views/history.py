"""History: the signed-in clerk's look-ups made from this computer, and the agency's record
on the server held against them.

The screen turns input into calls of the history use-case (desktop.core.history) and
its answers into pixels; signed out it shows nothing and says to sign in. Searching,
opening and exporting run off the GUI thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core import errors as core_errors
from desktop.core import jalali, national_id, wording
from desktop.core.audit import ChainReport, Entry
from desktop.core.audit_export import (
    Period,
    chain_text,
    name_in,
    outcome_text,
    person_text,
    purpose_text,
)
from desktop.core.history import (
    Filters,
    Found,
    Opened,
    SignInRequired,
)
from desktop.ui import errors, file_dialogs, fmt, theme
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
    record_table,
    scrolled_page,
    title_label,
    with_details,
)
from desktop.views.history_server import AgencyRecordTab


class HistoryView(Translatable, QWidget):
    searched = Signal()  # a search's results are on screen
    exported = Signal(str)  # the path of a finished export

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._job: BackgroundJob | None = None
        # The last search's answer, while it belongs to the clerk signed in.
        self._found: Found | None = None
        # The open record's kept details as last read.
        self._opened: Opened | None = None
        self.title = title_label()
        self.subtitle = title_label("subtitle")
        self.banner = Banner()
        self.busy = BusyBar()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._local_page(), "")
        self.agency = AgencyRecordTab(ctx)
        self.agency.fetch_button.clicked.connect(self.fetch_server_record)
        self.tabs.addTab(self.agency, "")

        layout = scrolled_page(self)
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
        self.table = record_table(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.open_current())
        splitter, self.details_title, self.details = with_details(self.table)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addLayout(status)
        layout.addWidget(splitter, 1)
        return page

    def retranslate(self) -> None:
        self.title.setText(self.tr("History"))
        self.subtitle.setText(self.tr("Your look-ups of a person's data made from this computer."))
        self.tabs.setTabText(0, self.tr("On this computer"))
        self.tabs.setTabText(1, self.tr("Agency record at the SSO"))
        texts = {
            "id": self.tr("National ID"),
            "case": self.tr("Case reference"),
            "from": self.tr("From"),
            "to": self.tr("To"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.national_id.setAccessibleName(texts["id"])
        self.case_reference.setAccessibleName(texts["case"])
        self.first_day.setAccessibleName(self.tr("From (Jalali date)"))
        self.last_day.setAccessibleName(self.tr("To (Jalali date)"))
        self.national_id.setPlaceholderText(self.tr("10 digits, Persian or Latin"))
        self.case_reference.setPlaceholderText(self.tr("All or part of it"))
        example = localize_digits("1405/09/01")
        for edit in (self.first_day, self.last_day):
            edit.setPlaceholderText(example)
        self.search_button.setText(self.tr("Search"))
        self.clear_button.setText(self.tr("Clear"))
        self.export_xlsx.setText(self.tr("Export to Excel…"))
        self.export_pdf.setText(self.tr("Export to PDF…"))
        self.table.setAccessibleName(self.tr("Records"))
        self.details.setAccessibleName(self.tr("Details"))
        self.model.retranslate()
        self.agency.retranslate()
        self._show_found()
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
                self.banner.show_message("error", partial(errors.id_reason, error.reason))
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
                self.banner.show_message("error", partial(self._not_a_date, text))
                edit.setFocus()
                return None
        first, last = days
        if first and last and first > last:
            self.banner.show_message(
                "error", lambda: self.tr("The first day comes after the last.")
            )
            self.first_day.setFocus()
            return None
        return Filters(nid, self.case_reference.text().strip() or None, Period(first, last))

    def search(self) -> None:
        if self._job is not None:
            return
        self._opened = None  # details may have been purged since they were read
        if not self._ctx.session.signed_in:
            self._show_results(None)
            return
        filters = self._read_filters()
        if filters is None:
            return
        self.banner.hide()
        history = self._ctx.history
        self._start(asyncio.to_thread(history.search, filters), self._show_results)

    def _show_results(self, found: Found | None) -> None:
        if found is not None and not self._ctx.history.owns(found):
            found = None  # signed out, or another clerk, while it was searched
        self._found = found
        self.model.set_items(found.entries if found is not None else [])
        self._show_found()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        else:
            self.open_current()
        self.searched.emit()

    def _clear_filters(self) -> None:
        for edit in (self.national_id, self.case_reference, self.first_day, self.last_day):
            edit.clear()
        self.search()

    def _show_found(self) -> None:
        """The trail's state and the count, or, signed out, that there is nothing."""
        found = self._found
        signed_in = self._ctx.session.signed_in
        for widget in (self.search_button, self.export_xlsx, self.export_pdf):
            widget.setEnabled(signed_in and self._job is None)
        if found is None:
            self.chain.setStyleSheet("")
            self.chain.setText("" if signed_in else self.tr("Sign in to see your history."))
            self.count.clear()
            return
        chain: ChainReport = found.chain
        text = (
            self.tr("Audit trail %1.")
            if chain.ok
            else self.tr("Audit trail %1. Tell your supervisor.")
        ).replace("%1", chain_text(chain, fmt.language()))
        if found.unfaithful:
            text += " " + self.tr(
                "The kept details of %1 records do not match what the trail recorded."
            ).replace("%1", fmt.count(len(found.unfaithful)))
        good = chain.ok and not found.unfaithful
        self.chain.setText(("✓ " if good else "⚠ ") + text)
        self.chain.setStyleSheet(f"color: {theme.COLORS['success' if good else 'error'][0]};")
        self.count.setText(
            (self.tr("The newest %1 records") if found.more else self.tr("%1 records")).replace(
                "%1", fmt.count(len(found.entries))
            )
        )

    def _person(self, entry: Entry) -> str:
        unfaithful = self._found.unfaithful if self._found is not None else frozenset()
        if entry.seq in unfaithful:
            return self.tr("⚠ does not match the trail")
        if entry.national_id:
            return isolate_ltr(localize_digits(person_text(entry, "en")))
        return self.tr("purged") if entry.subject else ""

    def _not_a_date(self, typed: str) -> str:
        return (
            self.tr("“%1” is not a Jalali date; write it as %2.")
            .replace("%1", typed)
            .replace("%2", localize_digits("1405/09/01"))
        )

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
        purpose = purpose_text(entry.purpose, fmt.language(), isolate_ltr)
        self._add_fact(self.tr("Purpose"), isolate(purpose))
        if not entry.has_details:
            if entry.subject:
                self.details.addItem(
                    self.tr(
                        "The personal details of this look-up were removed under the "
                        "retention period; the record itself stays."
                    )
                )
            return
        if self._opened is not None and self._opened.entry == entry:
            # Shown again in another language: no need to read the disk again.
            self._show_details(self._opened)
            return
        if self._found is None:
            return
        self._ctx.bridge.run(
            asyncio.to_thread(self._ctx.history.open, self._found, entry),
            self._loaded_details,
            self.banner.show_error,
        )

    def _loaded_details(self, opened: Opened) -> None:
        self._opened = opened
        self._show_details(opened)

    def _add_fact(self, label: str, value: str) -> None:
        if value:
            self.details.addItem(f"{label}: {value}")

    def _show_details(self, opened: Opened) -> None:
        row = self.table.currentIndex().row()
        if row < 0 or self.model.item(row) != opened.entry:
            return  # another record was chosen meanwhile
        details = opened.details
        if details is None:
            self.details.addItem(self.tr("The details were removed a moment ago."))
            return
        if not opened.faithful:
            self.details.addItem(
                self.tr(
                    "⚠ These details do not match what the audit trail recorded for this "
                    "look-up: they were changed afterwards. Tell your supervisor."
                )
            )
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
        path = file_dialogs.save_path(
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
        me, found = self._ctx.session.me, self._found
        if me is None or found is None:
            self.banner.show_message("error", lambda: self.tr("Sign in to see your history."))
            return None
        work = asyncio.to_thread(
            self._ctx.history.export, path, found, agency=me.agency.name, clerk=me.full_name
        )
        return self._start(work, lambda p: self._exported(str(p)))

    def _exported(self, path: str) -> None:
        self.banner.show_saved(path)
        self.exported.emit(path)

    # -- the server's record ---------------------------------------------------
    def _show_server_note(self) -> None:
        self.agency.show_note(idle=self._job is None)

    def fetch_server_record(self) -> Any:
        if self._job is not None or not self._ctx.session.signed_in:
            return None
        self.banner.hide()
        return self._start(self._ctx.history.agency_record(), self.agency.show_record)

    # -- plumbing --------------------------------------------------------------
    def _start(self, work: Any, on_done: Callable[[Any], None]) -> Any:
        self.busy.show()
        self.agency.fetch_button.setEnabled(False)
        self.search_button.setEnabled(False)
        self._job = self._ctx.bridge.run(work, on_done, self._failed)
        self._job.finished.connect(self._done)
        return self._job

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, SignInRequired):
            self._show_results(None)
            return
        self.banner.show_error(error)
        if isinstance(error, core_errors.SessionExpired):
            self._show_server_note()

    def _done(self) -> None:
        self._job = None
        self.busy.hide()
        self._show_found()
        self._show_server_note()

    def clear_personal_data(self) -> None:
        """On sign-out and lock: no filter, record, detail or server line stays; the next
        search is the next clerk's own."""
        for edit in (self.national_id, self.case_reference, self.first_day, self.last_day):
            edit.clear()
        self._opened = None
        self.agency.clear()
        self.banner.hide()
        self._show_results(None)
        self._show_server_note()
