"""The window that composes the screens: the main window, the lock screen, the first-run
welcome and support notices, and the one seam that starts the in-process demo mock.
Only desktop.app imports it."""
