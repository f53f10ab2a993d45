"""Mock command-line helpers, spoken over HTTP like any other client.

``estelam-mock issue-certificate --server URL --national-id ID [--json]`` signs in as
the demo individual (password ``demo-pass``) and obtains a certificate, printing its
tracking code, usage password and serial. ``estelam-mock revoke --server URL --serial S``
revokes one (the server needs ``--test-endpoints`` or ``--demo``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import httpx

from .issuer import INDIVIDUAL_DEMO_PASSWORD

COMMANDS = frozenset({"issue-certificate", "revoke"})


def _fail(response: httpx.Response) -> int:
    try:
        detail = response.json().get("detail", response.text)
    except ValueError:
        detail = response.text
    print(f"The server refused ({response.status_code}): {detail}", file=sys.stderr)
    return 1


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"estelam-mock {argv[0]}")
    parser.add_argument("--server", required=True, metavar="URL")
    if argv[0] == "issue-certificate":
        parser.add_argument("--national-id", required=True, metavar="ID")
        parser.add_argument("--json", action="store_true")
    else:
        parser.add_argument("--serial", required=True, metavar="S")
    args = parser.parse_args(list(argv[1:]))
    try:
        with httpx.Client(base_url=args.server.rstrip("/"), timeout=30) as client:
            if argv[0] == "revoke":
                response = client.post("/_mock/revoke", json={"serial": args.serial})
                if response.status_code != 204:
                    return _fail(response)
                print(f"revoked {args.serial}")
                return 0
            login = client.post(
                "/api/v1/individual/login",
                json={"national_id": args.national_id, "password": INDIVIDUAL_DEMO_PASSWORD},
            )
            if login.status_code != 200:
                return _fail(login)
            token = login.json()["access_token"]
            response = client.post(
                "/api/v1/individual/certificates", headers={"Authorization": f"Bearer {token}"}
            )
            if response.status_code != 201:
                return _fail(response)
    except httpx.HTTPError as exc:
        print(f"Could not reach {args.server}: {exc}", file=sys.stderr)
        return 1
    issued = response.json()
    if args.json:
        print(json.dumps(issued))
    else:
        for key in ("tracking_code", "usage_password", "serial", "expires_at"):
            print(f"{key}: {issued[key]}")
    return 0
