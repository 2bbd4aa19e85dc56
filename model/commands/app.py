"""Start the interactive app (Solara, on Mesa's SolaraViz) in a local web server.

Needs the app extra: ``pip install -e ".[app]"``. The server runs until Ctrl-C; the page is at
http://HOST:PORT/ (the command prints it). The levers act at once; Step, ▶ and Reset run the
county year by year.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import subprocess
import sys

APP_MODULE = "cadresim.app"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8765, help="port to listen on (default: 8765)")
    p.add_argument("--open", action="store_true", help="open the page in the default web browser")


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def main(args: argparse.Namespace) -> int:
    from ..cli import InputError

    if not 1 <= args.port <= 65535:
        raise InputError(f"--port: expected a port number 1–65535, got {args.port}")
    missing = [m for m in ("solara", "altair") if importlib.util.find_spec(m) is None]  # mesa[viz]
    if missing:
        print("cadresim app: the app needs its extra, which is not installed: "
              "python3 -m pip install -e \".[app]\"", file=sys.stderr)
        return 1
    if not _port_free(args.host, args.port):
        print(f"cadresim app: error: cannot listen on {args.host}:{args.port} (in use, or not an address of "
              f"this machine); choose another with --port", file=sys.stderr)
        return 1
    print(f"cadresim app: http://{args.host}:{args.port}/  (Ctrl-C stops it)", flush=True)
    cmd = [sys.executable, "-m", "solara", "run", APP_MODULE, "--host", args.host, "--port", str(args.port),
           "--production", "--no-check-version", "--open" if args.open else "--no-open", "--log-level", "warning"]
    # plain http on this machine: solara's note that cross-site cookies need https does not apply
    env = {**os.environ, "PYTHONWARNINGS": "ignore:Cookies with samesite=none:UserWarning"}
    # its own process: `import mesa.visualization` and solara stay out of the CLI's start-up
    return subprocess.run(cmd, check=False, env=env).returncode
