"""The headless commands' entry point: `estelam-desk inquire|batch|verify|redeem|audit|
install-desktop-entry ...`. The top of the package: it gathers every command module."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from desktop import APP_ID
from desktop.api_client import EstelamError
from desktop.buildinfo import build_info
from desktop.cli import COMMANDS
from desktop.cli.common import (
    EXIT_BUG,
    EXIT_HELP,
    EXIT_OK,
    UsageError,
    exit_code,
    sentence,
)
from desktop.core import logs
from desktop.core.national_id import InvalidNationalId
from desktop.core.storage import StorageError

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """Raises UsageError instead of printing usage and exiting, so run() owns the output."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message[:1].upper()}{message[1:]} (see --help).")


class _Version(argparse.Action):
    """--version, described only when asked: from a checkout that runs git, which every
    other command need not wait for."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        print(build_info().describe())
        parser.exit()


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of `command` alone when it is one."""
    parser = _Parser(
        prog=APP_ID,
        description="Estelam Desk headless commands.",
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    # A command's module is imported only when it runs (or for the help of them all): a
    # command does not wait for the others' imports (verify: no spreadsheets, no network).
    for name, (module, add) in COMMANDS.items():
        if command not in COMMANDS or command == name:
            getattr(importlib.import_module(module), add)(commands)
    return parser


def run(argv: Sequence[str]) -> int:
    """Run a command; returns the exit status."""
    _start_log(argv)
    try:
        args = build_parser(next(iter(argv), None)).parse_args(list(argv))
        status = asyncio.run(args.handler(args))
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        log.info("interrupted")
        return 130
    except (EstelamError, InvalidNationalId, UsageError, StorageError) as exc:
        print(sentence(exc), file=sys.stderr)
        log.warning("%s: exit %d", type(exc).__name__, exit_code(exc))
        return exit_code(exc)
    except Exception as exc:  # a bug: still one line, with what support needs to find it
        print(f"Unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        log.exception("unexpected %s", type(exc).__name__)
        return EXIT_BUG
    log.info("exit %d", status)
    return status


def _start_log(argv: Sequence[str]) -> None:
    """The command's lines go to the app's log file; a data directory that cannot be
    written costs the log, not the command."""
    command = " ".join(word for word in list(argv)[:2] if word.isalpha())
    try:
        logs.setup(f"command {command}".strip())
    except OSError as exc:
        print(f"Not logging: {exc.strerror or exc}", file=sys.stderr)


def main() -> int:
    return run(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
