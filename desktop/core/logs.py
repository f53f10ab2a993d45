"""The app's log: rotating UTF-8 files in the per-user data directory, redacted.

Every record passes through `RedactingFilter` before any handler writes it, so a careless
call site still cannot put a token, a password, a one-time code or a full national ID on
disk. Call sites should not rely on it: they log usernames, masked IDs and error types.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from desktop import APP_NAME, __version__
from desktop.core.files import private_dir, private_file
from desktop.core.paths import user_data_dir

LOG_DIR_NAME = "logs"
LOG_FILE_NAME = "estelam-desk.log"
#: One file's size before it is rotated, and how many older files are kept (5 in all).
MAX_BYTES = 1_000_000
BACKUP_COUNT = 4
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
#: Libraries whose INFO lines would name every request (URLs, the demo mock's SMS codes).
QUIET_LOGGERS = (
    "httpx",
    "httpcore",
    "uvicorn",
    "uvicorn.access",
    "uvicorn.error",
    "estelam.mock",
    "asyncio",
    "multipart",
    "pyhanko",
    "PIL",
    "fontTools",
)

REDACTED = "[redacted]"

# Matched anywhere in a key ("refresh_token", "usage_password"); no word boundary, so the
# regex never backtracks over a whole word at every position.
_SECRET_KEYS = (
    r"password|passwd|passphrase|pwd|token|secret|otp|code|authorization|api[_-]?key|cookie"
)
_PATTERNS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # password=..., "refresh_token": "...", code: 123456, Authorization: Bearer ...
    (
        re.compile(
            rf"(?i)({_SECRET_KEYS})(\\?[\"']?\s*[:=]\s*\\?[\"']?)"
            r"((?:bearer|basic)\s+)?[^\s\"'\\&,;}\])]+"
        ),
        rf"\1\2\3{REDACTED}",
    ),
    # A bearer token wherever it stands.
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}"), rf"\1 {REDACTED}"),
    # JWT-like: three base64url parts, the first a JSON header.
    (re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), REDACTED),
    # Opaque tokens: 32 or more URL-safe characters mixing letters and digits. Plain hex
    # (file hashes, which support needs) is left alone.
    (re.compile(r"(?<![\w-])[A-Za-z0-9_-]{32,}(?![\w-])"), lambda m: _opaque(m.group())),
    # A national ID: 10 digits (either digit set) standing alone; the last 3 are kept so
    # support can tell two rows apart.
    (re.compile(r"(?<!\d)\d{7}(\d{3})(?!\d)"), r"*******\1"),
)


_HEX = frozenset("0123456789abcdefABCDEF")


def _opaque(run: str) -> str:
    mixed = any(c.isdigit() for c in run) and any(c.isalpha() for c in run)
    return REDACTED if mixed and not set(run) <= _HEX else run


def redact(text: str) -> str:
    """The text with secrets and national IDs masked."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def mask_national_id(national_id: str) -> str:
    """For a log line: the last three digits only."""
    return "*" * max(0, len(national_id) - 3) + national_id[-3:]


class RedactingFilter(logging.Filter):
    """Rewrites a record in place: message with its arguments, exception and stack text.

    In place, so that every handler after this one (and any formatter) sees only the
    redacted text; the exception object itself is dropped from the record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep what can be shown
            message = f"{record.msg!r} {record.args!r}"
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        record.exc_info = None
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def log_dir() -> Path:
    return private_dir(user_data_dir() / LOG_DIR_NAME)


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file, the first and each one after a rollover, is created 0600."""

    def _open(self):
        private_file(Path(self.baseFilename))
        return super()._open()


def log_file() -> Path:
    return log_dir() / LOG_FILE_NAME


_handler: logging.Handler | None = None
_lock = threading.Lock()


def setup(component: str, *, level: int = logging.INFO) -> Path:
    """Start logging to the rotating file (once per process); returns the file.

    `component` names what started ("gui", "cli inquire"...) in the first line.
    """
    global _handler
    with _lock:
        path = log_file()
        root = logging.getLogger()
        if _handler is None or Path(getattr(_handler, "baseFilename", "")) != path:
            teardown_locked()
            handler = _PrivateRotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
            )
            handler.addFilter(RedactingFilter())
            handler.setFormatter(logging.Formatter(FORMAT))
            root.addHandler(handler)
            _handler = handler
        if root.level == logging.NOTSET or root.level > level:
            root.setLevel(level)
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.WARNING)
    # uname()'s system, release and machine, not platform.platform(): that asks for the
    # processor too, which runs `uname -p` in a subprocess at every start (7-30 ms).
    system = platform.uname()
    logging.getLogger("desktop").info(
        "%s %s started (%s) on %s %s %s, Python %s",
        APP_NAME,
        __version__,
        component,
        system.system,
        system.release,
        system.machine,
        platform.python_version(),
    )
    return path


def teardown_locked() -> None:
    global _handler
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        _handler.close()
        _handler = None


def teardown() -> None:
    """Stop writing the file (tests, or before the data directory is wiped)."""
    with _lock:
        teardown_locked()


def recent_lines(count: int = 200) -> list[str]:
    """The last `count` lines of the log, newest last (already redacted when written)."""
    if _handler is not None:
        _handler.flush()
    folder = log_dir()
    files = [folder / f"{LOG_FILE_NAME}.{n}" for n in range(BACKUP_COUNT, 0, -1)]
    files.append(folder / LOG_FILE_NAME)
    lines: deque[str] = deque(maxlen=count)
    for path in files:
        if path.exists():
            with path.open(encoding="utf-8", errors="replace") as f:
                lines.extend(line.rstrip("\n") for line in f)
    return list(lines)


# -- crashes --------------------------------------------------------------------------

CrashCallback = Callable[[BaseException], None]
_crash_log = logging.getLogger("desktop.crash")


def log_crash(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None, where: str
) -> None:
    _crash_log.critical("unhandled %s %s", kind.__name__, where, exc_info=(kind, value, tb))


def install_crash_hooks(on_crash: CrashCallback | None = None) -> Callable[[], None]:
    """Log (redacted) every exception nobody caught, on any thread, then call `on_crash`
    (which may run on any thread). Returns a function that puts the old hooks back."""
    previous_sys, previous_thread = sys.excepthook, threading.excepthook

    def sys_hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous_sys(kind, value, tb)
            return
        log_crash(kind, value, tb, "in the main thread")
        if on_crash is not None:
            on_crash(value)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        log_crash(args.exc_type, args.exc_value, args.exc_traceback, f"in thread {name}")
        if on_crash is not None:
            on_crash(args.exc_value)

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook

    def restore() -> None:
        sys.excepthook = previous_sys
        threading.excepthook = previous_thread

    return restore
