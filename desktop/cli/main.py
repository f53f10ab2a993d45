"""The headless commands' entry point: `estelam-desk inquire|batch|verify|redeem|audit|
install-desktop-entry ...`. The top of the package: it gathers every command module."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any, NoReturn

from desktop import APP_ID
from desktop.cli import COMMANDS, NESTED
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
    """--version, described only when asked: from a source checkout that asks git, which
    every other command would otherwise wait for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **_: Any) -> None:
        super().__init__(
            option_strings,
            argparse.SUPPRESS,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from desktop.buildinfo import build_info

        print(build_info().describe())
        parser.exit()


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The parser of every command; with `argv`, of the command it names alone, if it
    names one: a command imports its own modules and not every other command's."""
    parser = _Parser(
        prog=APP_ID,
        description="Estelam Desk headless commands.",
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_commands(commands, COMMANDS, argv)
    return parser


def _add_commands(
    subparsers: argparse._SubParsersAction[Any],
    table: dict[str, tuple[str, str]],
    argv: Sequence[str],
) -> None:
    named = argv[0] if argv and argv[0] in table else None
    for name, (module, add) in table.items():
        if named in (None, name):
            own = getattr(import_module(module), add)(subparsers)
            if name in NESTED:
                _add_commands(own, NESTED[name], argv[1:] if named else ())


def run(argv: Sequence[str]) -> int:
    """Run a command; returns the exit status."""
    _start_log(argv)
    try:
        args = build_parser(argv).parse_args(list(argv))
        status = args.handler(args)
        if not isinstance(status, int):
            # A command that talks to the network is a coroutine; asyncio loads with it.
            import asyncio

            status = asyncio.run(status)
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        log.info("interrupted")
        return 130
    except Exception as exc:
        if not _expected(exc):  # a bug: still one line, with what support needs to find it
            print(f"Unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
            log.exception("unexpected %s", type(exc).__name__)
            return EXIT_BUG
        print(sentence(exc), file=sys.stderr)
        log.warning("%s: exit %d", type(exc).__name__, exit_code(exc))
        return exit_code(exc)
    log.info("exit %d", status)
    return status


def _expected(exc: Exception) -> bool:
    """A failure with its own sentence, not a bug."""
    # Imported on a failure only: a command that never talks to the server runs without
    # the client's vocabulary.
    from desktop.api_client import EstelamError

    return isinstance(exc, EstelamError | InvalidNationalId | UsageError | StorageError)


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
