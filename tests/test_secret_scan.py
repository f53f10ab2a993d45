"""A whole working session in the real window, then every file it wrote, scanned for secrets.

Against the real mock over HTTP with a real keyring: sign in (remembered), a restart that
resumes the session, one inquiry, a small bulk run exported three ways, a redeem with a
usage password, an offline check, a crash through the exception hook, diagnostics, sign
out. Then every byte under the data directory and the export folder (zip members and PDF
text too) is searched for the password, the tokens issued, the usage password and the
one-time code; the log, also for full national IDs.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.api_client import TokenPair
from desktop.core import logs
from desktop.core.digits import to_persian_digits
from desktop.core.national_id import with_check_digit
from desktop.core.proof import Proof
from desktop.core.secrets import SecretStore, StoreStatus
from desktop.core.session import Session, account_key
from desktop.window.support import CrashNotice
from tests.conftest import DEMO_PASSWORD, DEMO_USER, read_otp_code
from tests.mock_certificates import NID as CERTIFICATE_NID
from tests.mock_certificates import issue
from tests.test_gui import TIMEOUT_MS, inquire, sign_in
from tests.test_gui_batch import import_and_wait, write_xlsx
from tests.test_gui_redeem import redeem

BATCH_IDS = [with_check_digit(f"{n:09d}") for n in range(4000000, 4000006)]
SINGLE_ID = with_check_digit("004000100")


def files_under(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def readable_parts(path: Path) -> Iterator[tuple[str, bytes]]:
    """The file's bytes, each member of a zip (xlsx), and a PDF's extracted text."""
    data = path.read_bytes()
    yield str(path), data
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                yield f"{path}!{name}", archive.read(name)
    if data.startswith(b"%PDF"):
        text = "".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
        yield f"{path} (text)", text.encode("utf-8")


def find(secrets: dict[str, str], parts: Iterator[tuple[str, bytes]]) -> list[str]:
    found = []
    for where, data in parts:
        for name, secret in secrets.items():
            for encoding in ("utf-8", "utf-16-le"):
                if secret.encode(encoding) in data:
                    found.append(f"{name} in {where} ({encoding})")
    return found


@pytest.mark.keyring
def test_no_secret_is_written_anywhere(
    qtbot, open_window, start_mock, keyring_service, tmp_path, monkeypatch
) -> None:
    if SecretStore(service=keyring_service).status() is not StoreStatus.AVAILABLE:
        pytest.skip("no usable Secret Service")
    data_dir, exports = tmp_path / "user-data", tmp_path / "exports"
    exports.mkdir()
    # Every token pair the session receives (sign-in and each refresh), as issued.
    issued: list[TokenPair] = []
    keep_tokens = Session._keep_tokens

    async def spy(self: Session, pair: TokenPair) -> None:
        issued.append(pair)
        await keep_tokens(self, pair)

    monkeypatch.setattr(Session, "_keep_tokens", spy)
    mock = start_mock()
    first, first_ctx = open_window()
    logs.setup("secret scan")
    # Sign in, remembered in the keyring; then the app is closed and started again, and
    # the remembered session resumes (a refresh: a second pair of tokens).
    first.sign_in.remember.setChecked(True)
    sign_in(qtbot, first, mock.url)
    codes = [read_otp_code(mock.url, DEMO_USER)]
    account = account_key(mock.url, DEMO_USER)
    assert SecretStore(service=keyring_service).get(account) == issued[-1].refresh_token
    first_ctx.bridge.stop()
    first.close()
    window, ctx = open_window()
    crash = CrashNotice(ctx, window)
    try:
        with qtbot.waitSignal(window.signedIn, timeout=TIMEOUT_MS):
            window.start()
        assert SecretStore(service=keyring_service).get(account) == issued[-1].refresh_token

        inquire(qtbot, window, to_persian_digits(SINGLE_ID), "1405/11")
        assert window.inquiry.card.isVisible(), window.inquiry.banner.text()

        # A bulk inquiry, exported three ways.
        view = window.batch
        sheet = write_xlsx(exports / "people.xlsx", [["کد ملی"], *([n] for n in BATCH_IDS)])
        import_and_wait(qtbot, view, sheet)
        view.preview.case_reference.setText("1405/12")
        with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2) as finished:
            qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
        assert finished.args[0].summary.answered == len(BATCH_IDS)
        qtbot.waitUntil(lambda: not view.run.new_button.isHidden(), timeout=TIMEOUT_MS)
        for suffix in (".xlsx", ".csv", ".pdf"):
            with qtbot.waitSignal(
                view.export_to(str(exports / f"results{suffix}")).finished,
                timeout=TIMEOUT_MS * 2,
            ):
                pass
            assert (exports / f"results{suffix}").stat().st_size > 0

        # Redeem a certificate with its usage password, save it and its report.
        ctx.proof.close()
        ctx.proof = Proof("test")
        window.nav.setCurrentRow(window.pages.indexOf(window.redeem))
        certificate = issue(mock.url)
        redeem(qtbot, window.redeem, certificate["tracking_code"], certificate["usage_password"])
        outcome = window.redeem.outcome
        assert outcome is not None, window.redeem.banner.text()
        pdf = exports / "certificate.pdf"
        pdf.write_bytes(outcome.pdf)
        with qtbot.waitSignal(
            window.redeem.save_report_to(str(exports / "redeem-report.pdf")).finished,
            timeout=TIMEOUT_MS,
        ):
            pass

        # The same certificate checked offline.
        with qtbot.waitSignal(window.verify.verified, timeout=TIMEOUT_MS * 2):
            window.verify.verify_paths([str(pdf)])
        assert window.verify.model.items()[0].source

        tokens = {t for pair in issued for t in (pair.access_token, pair.refresh_token)}
        refresh = issued[-1].refresh_token
        # A crash whose message carries secrets, through the installed hook.
        try:
            raise RuntimeError(
                f"boom: password={DEMO_PASSWORD} refresh_token={refresh} "
                f"Authorization: Bearer {issued[-1].access_token} for {SINGLE_ID}"
            )
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
        qtbot.waitUntil(lambda: crash.box is not None and crash.box.isVisible())

        # Diagnostics, as the crash message offers them.
        QApplication.clipboard().clear()
        window.diagnostics_action.trigger()
        qtbot.waitUntil(lambda: bool(QApplication.clipboard().text()), timeout=TIMEOUT_MS)
        diagnostics = QApplication.clipboard().text()
        crash.box.close()

        with qtbot.waitSignal(window.signedOut, timeout=TIMEOUT_MS):
            window.sign_out_action.trigger()
        assert SecretStore(service=keyring_service).get(account) is None
    finally:
        crash.uninstall()
        ctx.bridge.stop()
    logs.teardown()

    assert len(tokens) >= 4, "the resumed session should have refreshed"
    secrets = {
        "password": DEMO_PASSWORD,
        "usage password": certificate["usage_password"],
        **{f"token {n}": token for n, token in enumerate(sorted(tokens))},
    }
    # One-time codes are six digits: distinctive in text, not in binary files.
    text_secrets = {**secrets, **{f"code {c}": c for c in codes}}
    log_secrets = {
        **text_secrets,
        **{
            f"national ID {form}": form
            for nid in (SINGLE_ID, CERTIFICATE_NID, *BATCH_IDS)
            for form in (nid, to_persian_digits(nid))
        },
    }
    written = files_under(data_dir, exports)
    log_files = [p for p in written if p.parent.name == "logs"]
    assert log_files, written
    log_text = "\n".join(p.read_text(encoding="utf-8") for p in log_files)
    found: list[str] = []
    for path in written:
        if path.parent.name == "logs":
            chosen = log_secrets
        elif path.suffix in (".ini", ".csv", ".txt"):
            chosen = text_secrets
        else:
            chosen = secrets
        found += find(chosen, readable_parts(path))
    found += find(log_secrets, iter([("diagnostics", diagnostics.encode("utf-8"))]))
    assert not found, "\n".join(found)
    # The log says what happened, and the crash is in it.
    for line in (
        f"signed in as {DEMO_USER}",
        "answered: ",
        "job 1 started",
        "certificate ",
        "checked certificate.pdf",
        "unhandled RuntimeError in the main thread",
        "password=[redacted]",
    ):
        assert line in log_text, line
