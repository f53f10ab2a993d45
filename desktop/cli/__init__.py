"""Headless commands over core/: one module per command; `common` (exit codes, sentences,
signing in) at the bottom, `main` (the parser and entry point) at the top."""

# Each command's module and the function that adds its parser. Here rather than in main,
# so the entry point can tell a command from the window's options without importing any;
# and main imports the named command's module only, so a command's start-up does not wait
# for every other's (the client, the certificate checks, the job store).
COMMANDS: dict[str, tuple[str, str]] = {
    "inquire": ("desktop.cli.inquire", "add_inquire"),
    "batch": ("desktop.cli.batch_check", "add_batch"),
    "verify": ("desktop.cli.verify", "add_verify"),
    "redeem": ("desktop.cli.redeem", "add_redeem"),
    "install-desktop-entry": ("desktop.cli.desktop_entry", "add_install_desktop_entry"),
    "audit": ("desktop.cli.audit", "add_audit"),
}
SUBCOMMANDS = frozenset(COMMANDS)
#: The commands of a command (what its function returns is their subparsers), loaded alike:
#: `batch check` without the job store, the audit trail and the client `batch run` needs.
NESTED: dict[str, dict[str, tuple[str, str]]] = {
    "batch": {
        "check": ("desktop.cli.batch_check", "add_batch_check"),
        "run": ("desktop.cli.batch_run", "add_batch_run"),
    },
}
