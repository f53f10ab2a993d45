"""estelam-mock: run the mock SSO, or write its OpenAPI snapshot."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .certificates import commands as certificate_commands
from .config import MockConfig
from .faults import parse_kinds

SNAPSHOT = Path(__file__).resolve().parents[2] / "resources" / "contract" / "openapi.json"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="estelam-mock",
        description="A mock of the SSO account and inquiry services. "
        "'estelam-mock openapi [PATH]' writes the OpenAPI snapshot instead.",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    p.add_argument("--data-dir", type=Path, required=True, help="where the SQLite state lives")
    p.add_argument("--demo", action="store_true", help="fixed code 123456; test endpoints on")
    p.add_argument("--test-endpoints", action="store_true", help="serve /_mock/outbox, stats")
    p.add_argument("--latency-ms", type=int, default=0, help="added to every API request")
    p.add_argument("--fail-rate", type=float, default=0.0, help="share of injected 503s")
    p.add_argument(
        "--fault-rate", type=float, default=0.0, help="share of inquiry requests given a fault"
    )
    p.add_argument(
        "--fault-kinds", default="5xx,timeout,drop", help="faults to draw from (comma-separated)"
    )
    p.add_argument(
        "--fault-timeout", type=float, default=20.0, help="seconds a 'timeout' fault holds"
    )
    p.add_argument(
        "--fault-seed", type=int, default=None, help="seed of the fault and --fail-rate draws"
    )
    p.add_argument("--access-ttl", type=int, default=300, help="access token seconds")
    p.add_argument("--refresh-ttl", type=int, default=12 * 3600, help="refresh token seconds")
    p.add_argument("--otp-ttl", type=int, default=120, help="one-time code seconds")
    p.add_argument("--lockout", type=int, default=300, help="account lock seconds")
    p.add_argument("--rate-limit", type=float, default=20.0, help="requests/s per agency")
    p.add_argument("--rate-burst", type=int, default=40)
    p.add_argument("--quota", type=int, default=None, help="every agency's daily quota")
    p.add_argument(
        "--trust-proxy",
        action="store_true",
        help="the mock stands behind a reverse proxy: take the client's address from "
        "X-Forwarded-For when a peer in --forwarded-allow-ips sets it (ignored otherwise)",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="with --trust-proxy: the proxies' addresses, comma-separated ('*' for any)",
    )
    p.add_argument("--log-level", default="INFO")
    return p


def config_from_args(args: argparse.Namespace) -> MockConfig:
    if not 0.0 <= args.fail_rate <= 1.0:
        raise SystemExit("--fail-rate must be between 0 and 1")
    if not 0.0 <= args.fault_rate <= 1.0:
        raise SystemExit("--fault-rate must be between 0 and 1")
    try:
        parse_kinds(args.fault_kinds)
    except ValueError as exc:
        raise SystemExit(f"--fault-kinds: {exc}") from None
    return MockConfig(
        data_dir=args.data_dir,
        demo=args.demo,
        test_endpoints=args.test_endpoints,
        latency_ms=args.latency_ms,
        fail_rate=args.fail_rate,
        fault_rate=args.fault_rate,
        fault_kinds=args.fault_kinds,
        fault_timeout_s=args.fault_timeout,
        fault_seed=args.fault_seed,
        access_ttl_s=args.access_ttl,
        refresh_ttl_s=args.refresh_ttl,
        otp_ttl_s=args.otp_ttl,
        lockout_s=args.lockout,
        rate_limit=args.rate_limit,
        rate_burst=args.rate_burst,
        quota=args.quota,
        host=args.host,
        port=args.port,
        trust_proxy=args.trust_proxy,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )


def openapi_document() -> dict[str, object]:
    from .app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(MockConfig(data_dir=Path(tmp)))
        doc = app.openapi()
        app.state.store.close()
    return doc


def openapi_text() -> str:
    """The snapshot's exact bytes: sorted keys, indent 2, trailing newline."""
    return json.dumps(openapi_document(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_openapi(path: Path = SNAPSHOT) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(openapi_text(), encoding="utf-8")
    return path


async def _serve(config: MockConfig) -> int:
    from .server import bind, make_server, url_for

    sock = bind(config.host, config.port)
    server = make_server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            await task
            return 1
        await asyncio.sleep(0.01)
    print(f"Estelam mock SSO listening on {url_for(config.host, sock)}", flush=True)
    await task
    sock.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] and argv[0] in certificate_commands.COMMANDS:
        return certificate_commands.run(argv)
    if argv[:1] == ["openapi"]:
        target = Path(argv[1]) if len(argv) > 1 else SNAPSHOT
        print(f"wrote {write_openapi(target)}")
        return 0
    args = build_parser().parse_args(argv)
    config = config_from_args(args)
    logging.basicConfig(
        level=args.log_level.upper(),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # uvicorn traps SIGINT/SIGTERM while serving and re-raises them after a graceful
    # shutdown; these handlers absorb that so a requested stop exits with status 0.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: None)
    return asyncio.run(_serve(config))


if __name__ == "__main__":
    sys.exit(main())
