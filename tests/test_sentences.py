"""One sentence per failure: the window and the command line both say core's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from desktop.api_client.errors import PROBLEM_CLASSES, ApiError
from desktop.cli import common
from desktop.core import errors, sentences
from desktop.ui import errors as ui_errors

CLASSES = sorted(
    {*PROBLEM_CLASSES.values(), errors.Timeout, errors.ConnectionFailed, errors.UntrustedServer},
    key=lambda cls: cls.__name__,
)


def failure(cls: type[Exception]) -> Exception:
    return cls.local("detail") if issubclass(cls, ApiError) else cls("detail")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_both_faces_start_with_cores_sentence(qapp, cls: type[Exception]) -> None:
    error = failure(cls)
    found = sentences.sentence(error)
    assert found is not None
    assert common.sentence(error).startswith(found.english())
    # The window says it in the clerk's language, whichever is installed now.
    translated = QCoreApplication.translate(sentences.CONTEXT, found.text)
    if found.value is None:
        assert ui_errors.describe(error).sentence.startswith(translated)


def test_each_face_adds_its_own_remedy(qapp) -> None:
    error = errors.UntrustedServer("detail")
    assert "--ca-bundle" in common.sentence(error)
    assert "--ca-bundle" not in ui_errors.describe(error).sentence


def test_a_failure_core_does_not_know_has_no_sentence() -> None:
    assert sentences.sentence(KeyError("x")) is None
    assert common.sentence(KeyError("x")).startswith("Unexpected error")


def test_the_windows_own_failures_get_their_own_sentence(qapp) -> None:
    # The window tells these apart by class only once their modules are loaded (it does
    # not load them for its first screen): a class that moved would fall back unseen.
    from desktop.core.certificates import RevocationError
    from desktop.core.importing import ErrorCode, SpreadsheetError
    from desktop.core.redeem import Field, InvalidRedeemInput, Reason

    fallback = ui_errors.describe(RuntimeError("detail")).sentence
    for error in (
        RevocationError("detail"),
        SpreadsheetError(ErrorCode.EMPTY_FILE, "detail"),
        InvalidRedeemInput(Field.TRACKING_CODE, Reason.EMPTY),
    ):
        assert ui_errors.describe(error).sentence != fallback, type(error).__name__
