"""Entry point: the window, `--demo`, `--self-test`, and the headless commands."""

from __future__ import annotations

import argparse
import gc
import sys

from desktop import APP_NAME
from desktop.buildinfo import build_info
from desktop.cli import SUBCOMMANDS


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="estelam-desk",
        description=f"{APP_NAME}: social-insurance status inquiries for agency clerks. "
        f"Headless commands: estelam-desk COMMAND --help ({', '.join(sorted(SUBCOMMANDS))}).",
    )
    parser.add_argument("--version", action="version", version=build_info().describe())
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the bundled mock SSO backend on a free loopback port and use it",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that Qt, fonts, translations, keyring and resources load, then exit",
    )
    parser.add_argument("--lang", choices=["fa", "en", "pseudo"], help="interface language")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if getattr(sys, "frozen", False):
        # A frozen build starts the isolated worker processes through this entry point;
        # they must run the worker, not the app. (Elsewhere they start from -c.)
        from desktop.core import isolation

        if argv[:1] == [isolation.CHILD_FLAG]:
            return isolation.serve_child()
    if argv and argv[0] in SUBCOMMANDS:
        if argv[0] == "verify":
            from desktop.cli.verify_start import start_worker

            start_worker(argv[1:])
        # Imported here: the commands bring httpx and the core, --version needs neither.
        from desktop.cli.main import run

        status = run(argv)
        # The process ends now. Its last cyclic collections would walk every object its
        # imports made (40-50 ms of a one-file verify) for memory the system takes back
        # anyway; atexit, thread joins and each object's release still run.
        gc.freeze()
        return status
    args = _parse(argv)
    if args.self_test:
        from desktop.selftest import run_self_test

        return run_self_test()
    return run_gui(args)


def run_gui(args: argparse.Namespace) -> int:
    demo = None
    if args.demo:
        # First thing: the demo server's process imports its web stack on the other core
        # while this one imports Qt and builds the window.
        from desktop.core.paths import demo_backend_dir
        from desktop.window.demo import DemoProcess

        demo = DemoProcess(demo_backend_dir())
    from desktop.core import logs
    from desktop.core.paths import user_data_dir
    from desktop.ui.widgets import application
    from desktop.window.app import build
    from desktop.window.single import SingleInstance
    from desktop.window.support import CrashNotice

    try:
        logs.setup("window" + (", demo" if args.demo else ""))
    except OSError as exc:  # an unwritable data directory costs the log, not the app
        print(f"Not logging: {exc.strerror or exc}", file=sys.stderr)
    app = application(sys.argv[:1])
    instance = SingleInstance(user_data_dir())
    if not instance.claim():
        if demo is not None:
            demo.stop()
        forward = instance.bring_forward()
        print(
            f"{APP_NAME} is already open for this data folder"
            + ("; its window was brought forward." if forward else "."),
            file=sys.stderr,
        )
        return 0
    window, ctx = build(app, language=args.lang)
    crash_notice = CrashNotice(ctx, window)
    instance.activated.connect(window.bring_forward)
    window.fit_to_screen()
    window.show()
    window.start()
    if demo is not None:
        window.start_demo(demo)
    window.first_run()
    try:
        return app.exec()
    finally:
        crash_notice.uninstall()
        ctx.close()
        instance.release()
