"""Single status inquiry: one national ID, one case reference, one result card."""

from __future__ import annotations

import asyncio
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core import errors as core_errors
from desktop.core import wording
from desktop.core.inquiry import StatusResult, answer_report, inquire_one, save_answer_report
from desktop.ui import file_dialogs, fmt, printing, theme
from desktop.ui.bridge import BackgroundJob
from desktop.ui.context import AppContext
from desktop.ui.fields import NationalIdEdit
from desktop.ui.request import RequestSlot
from desktop.ui.widgets import (
    Banner,
    BusyBar,
    Translatable,
    align_to_layout,
    isolate,
    isolate_ltr,
    scrolled_page,
    title_label,
)

_STATUS_KIND = {
    "insured_active": "success",
    "insured_inactive": "warning",
    "pensioner": "info",
    "dependent_of_insured": "info",
    "dependent_of_pensioner": "info",
    "not_found": "error",
}


class ResultCard(QFrame):
    """Every field of a status result, with Jalali dates (Gregorian on hover)."""

    # (key, is left-to-right) in display order; names are set in retranslate().
    FIELDS = (
        ("national_id", True),
        ("father_name", False),
        ("birth_date", False),
        ("gender", False),
        ("insurance_number", True),
        ("insurance_kind", False),
        ("last_contribution_month", False),
        ("total_record", False),
        ("workshop", False),
        ("workshop_id", True),
        ("branch", False),
        ("pension_kind", False),
        ("as_of", False),
        ("inquiry_id", True),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.name = title_label("big")
        self.status = QLabel()
        self.status.setObjectName("status-chip")
        header = QHBoxLayout()
        header.addWidget(self.name, 1)
        header.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        # The answer on paper for the case file: the same page as the other reports.
        self.save_button = QPushButton()
        self.print_button = QPushButton()
        paper = QHBoxLayout()
        paper.addWidget(self.save_button)
        paper.addWidget(self.print_button)
        paper.addStretch(1)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(8)
        self.names: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for i, (key, _ltr) in enumerate(self.FIELDS):
            name = QLabel()
            name.setProperty("role", "field-name")
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            row, col = divmod(i, 2)
            grid.addWidget(name, row * 2, col)
            grid.addWidget(value, row * 2 + 1, col)
            self.names[key] = name
            self.values[key] = value
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addLayout(grid)
        layout.addSpacing(8)
        layout.addLayout(paper)
        self._result: StatusResult | None = None
        self.retranslate()

    def retranslate(self) -> None:
        names = {
            "national_id": self.tr("National ID"),
            "father_name": self.tr("Father's name"),
            "birth_date": self.tr("Date of birth"),
            "gender": self.tr("Gender"),
            "insurance_number": self.tr("Insurance number"),
            "insurance_kind": self.tr("Insurance kind"),
            "last_contribution_month": self.tr("Last contribution month"),
            "total_record": self.tr("Total insurance record"),
            "workshop": self.tr("Workshop"),
            "workshop_id": self.tr("Workshop ID"),
            "branch": self.tr("Branch"),
            "pension_kind": self.tr("Pension kind"),
            "as_of": self.tr("Status as of"),
            "inquiry_id": self.tr("Inquiry ID"),
        }
        for key, text in names.items():
            self.names[key].setText(text)
            self.values[key].setAccessibleName(text)
        self.save_button.setText(self.tr("Save as PDF…"))
        self.print_button.setText(self.tr("Print…"))
        if self._result is not None:
            self.show_result(self._result)

    def show_result(self, r: StatusResult) -> None:
        self._result = r
        found = r.status != "not_found"
        full_name = " ".join(p for p in (r.first_name, r.last_name) if p)
        self.name.setText(full_name if found else self.tr("No insurance record for this ID"))
        fg, bg = theme.COLORS[_STATUS_KIND.get(str(r.status), "info")]
        self.status.setText(fmt.word(wording.STATUS, r.status))
        self.status.setStyleSheet(
            f"QLabel#status-chip {{ color: {fg}; background: {bg}; border: 1px solid {fg};"
            " border-radius: 10px; padding: 3px 10px; font-weight: bold; }"
        )
        record = r.total_record
        values: dict[str, tuple[str, str]] = {
            "national_id": (fmt.number(r.national_id), ""),
            "father_name": (r.father_name or "—", ""),
            "birth_date": (fmt.date(r.birth_date), fmt.gregorian(r.birth_date)),
            "gender": (fmt.word(wording.GENDER, r.gender), ""),
            "insurance_number": (fmt.number(r.insurance_number), ""),
            "insurance_kind": (fmt.word(wording.INSURANCE_KIND, r.insurance_kind), ""),
            "last_contribution_month": (fmt.year_month(r.last_contribution_month), ""),
            "total_record": (
                fmt.duration(record.years, record.months, record.days) if record else "—",
                "",
            ),
            "workshop": (r.workshop.name if r.workshop else "—", ""),
            "workshop_id": (fmt.number(r.workshop.id if r.workshop else None), ""),
            "branch": (
                f"{isolate(r.branch.name)} ({isolate_ltr(fmt.number(r.branch.code))})"
                if r.branch
                else "—",
                "",
            ),
            "pension_kind": (fmt.word(wording.PENSION_KIND, r.pension_kind), ""),
            "as_of": (fmt.datetime(r.as_of), fmt.gregorian(r.as_of)),
            "inquiry_id": (r.inquiry_id, ""),
        }
        ltr = dict(self.FIELDS)
        for key, (text, tip) in values.items():
            # Isolated left-to-right runs keep codes in reading order inside Persian text.
            self.values[key].setText(isolate_ltr(text) if ltr[key] else text)
            self.values[key].setToolTip(tip)
            # What the record lacks, or the agency's MoU does not show, takes no room.
            shown = text != "—"
            self.names[key].setVisible(shown)
            self.values[key].setVisible(shown)
        for label in (self.name, *self.values.values()):
            align_to_layout(label)

    def clear(self) -> None:
        """Nothing of the last person left behind, shown or not."""
        self._result = None
        for label in (self.name, self.status, *self.values.values()):
            label.clear()

    def field_text(self, key: str) -> str:
        return self.values[key].text()


class InquiryView(Translatable, QWidget):
    answered = Signal(object)  # StatusResult
    sessionEnded = Signal(object)  # the SessionExpired error
    requestFinished = Signal()  # after an answer or an error

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._answer: tuple[StatusResult, str] | None = None
        self.title = title_label()
        self.subtitle = title_label("subtitle")
        self.national_id = NationalIdEdit()
        self.case_reference = QLineEdit()
        self.case_reference.setMaxLength(64)
        self.inquire_button = QPushButton()
        self.inquire_button.setProperty("role", "primary")
        self.inquire_button.setEnabled(False)
        self._id_label = QLabel()
        self._case_label = QLabel()
        form_box = QFrame()
        form_box.setProperty("role", "card")
        form = QFormLayout(form_box)
        form.addRow(self._id_label, self.national_id)
        form.addRow("", self.national_id.hint)
        form.addRow(self._case_label, self.case_reference)
        form.addRow("", self.inquire_button)
        form_box.setMaximumWidth(640)

        self.banner = Banner()
        self.busy = BusyBar()
        self.card = ResultCard()
        self.card.hide()

        layout = scrolled_page(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addSpacing(12)
        layout.addWidget(form_box)
        layout.addWidget(self.busy)
        layout.addWidget(self.banner)
        layout.addWidget(self.card)
        layout.addStretch(1)

        # The card shown is the answer for the ID and case reference that asked for it.
        self._request = RequestSlot(ctx.bridge, self._clear_outcome, self.busy, self)
        self._request.busyChanged.connect(lambda _busy: self._update_button())
        self._request.finished.connect(self.requestFinished)
        self.national_id.textEdited.connect(self._request.drop)
        self.case_reference.textEdited.connect(self._request.drop)
        self.card.save_button.clicked.connect(self._choose_report_path)
        self.card.print_button.clicked.connect(self.print_report)
        self.national_id.validityChanged.connect(lambda _v: self._update_button())
        self.case_reference.textChanged.connect(lambda _t: self._update_button())
        self.inquire_button.clicked.connect(self.inquire)
        self.case_reference.returnPressed.connect(self.inquire)
        self.national_id.returnPressed.connect(self.case_reference.setFocus)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Status inquiry"))
        self.subtitle.setText(
            self.tr("Ask the SSO whether a person is insured or draws a pension.")
        )
        self._id_label.setText(self.tr("National ID"))
        self._case_label.setText(self.tr("Case reference"))
        self.national_id.setAccessibleName(self.tr("National ID"))
        self.case_reference.setAccessibleName(self.tr("Case reference"))
        self.national_id.setPlaceholderText(self.tr("10 digits, Persian or Latin"))
        self.case_reference.setPlaceholderText(self.tr("The case file or letter number"))
        self.inquire_button.setText(self.tr("Inquire"))
        self.national_id.retranslate()
        self.card.retranslate()

    def _update_button(self) -> None:
        self.inquire_button.setEnabled(
            not self._request.running
            and self.national_id.is_valid()
            and bool(self.case_reference.text().strip())
        )

    def inquire(self) -> None:
        if not self.inquire_button.isEnabled():
            return
        case_reference = self.case_reference.text().strip()
        self._request.start(
            inquire_one(
                self._ctx.session,
                self.national_id.text(),
                case_reference,
                audit=self._ctx.audit,
            ),
            lambda result: self._answered(result, case_reference),
            self._failed,
        )

    def _answered(self, result: StatusResult, case_reference: str) -> None:
        self.card.show_result(result)
        self.card.show()
        self._answer = (result, case_reference)
        self.answered.emit(result)

    # -- the answer on paper ---------------------------------------------------
    def _shown(self) -> tuple[StatusResult, str]:
        """The answer on screen and the case it was asked for."""
        if self._answer is None or self.card.isHidden():
            raise RuntimeError("no answer is shown")
        return self._answer

    def _choose_report_path(self) -> None:
        result, _case = self._shown()
        suggested = Path.home() / f"inquiry-{result.national_id}.pdf"
        path = file_dialogs.save_path(
            self, self.tr("Save the answer as PDF"), str(suggested), "PDF (*.pdf)"
        )
        if path:
            self.save_report_to(path)

    def save_report_to(self, path: str) -> BackgroundJob:
        result, case_reference = self._shown()
        me = self._ctx.session.me
        return self._ctx.bridge.run(
            asyncio.to_thread(save_answer_report, result, me, case_reference, path),
            self.banner.show_saved,
            self.banner.show_error,
        )

    def print_report(self) -> BackgroundJob:
        """The record is drawn off the GUI thread, then the printer dialog opens."""
        result, case_reference = self._shown()
        me = self._ctx.session.me
        return self._ctx.bridge.run(
            asyncio.to_thread(answer_report, result, me, case_reference),
            partial(printing.ask_and_print, self),
            self.banner.show_error,
        )

    def _failed(self, error: BaseException) -> None:
        self.banner.show_error(error)
        if isinstance(error, core_errors.SessionExpired):
            self.sessionEnded.emit(error)

    def _clear_outcome(self) -> None:
        self._answer = None
        self.card.hide()
        self.card.clear()
        self.banner.hide()

    def clear_personal_data(self) -> None:
        """On sign-out nothing of the last person, nor the clerk's case, stays on screen,
        nor arrives later."""
        self._request.drop()
        self.national_id.clear()
        self.case_reference.clear()
