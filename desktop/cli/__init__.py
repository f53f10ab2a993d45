"""Headless commands over core/: one module per command; `common` (exit codes, sentences,
signing in) at the bottom, `main` (the parser and entry point) at the top."""

# Here rather than in main, so the entry point can tell a command from the window's options
# without importing every command.
SUBCOMMANDS = frozenset({"inquire", "batch", "verify", "redeem", "audit", "install-desktop-entry"})
