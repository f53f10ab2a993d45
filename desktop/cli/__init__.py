"""Headless commands over core/: one module per command; `common` (exit codes, sentences,
signing in) at the bottom, `main` (the parser and entry point) at the top."""
