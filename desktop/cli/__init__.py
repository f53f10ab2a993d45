"""Headless commands over core/: one module per command; `common` (exit codes, sentences,
signing in) at the bottom, `main` (the parser and entry point) at the top."""

# Here rather than in main, so the entry point can tell a command from the window's options
# without importing every command. Each command's module and the function that adds it to
# the parser, in --help's order.
COMMANDS = {
    "inquire": ("desktop.cli.inquire", "add_inquire"),
    "batch": ("desktop.cli.batch_check", "add_batch_check"),
    "verify": ("desktop.cli.verify", "add_verify"),
    "redeem": ("desktop.cli.redeem", "add_redeem"),
    "install-desktop-entry": ("desktop.cli.desktop_entry", "add_install_desktop_entry"),
    "audit": ("desktop.cli.audit", "add_audit"),
}
SUBCOMMANDS = frozenset(COMMANDS)
