"""A local Bolt server for Neo4j's own tools, without installing Neo4j.

Neo4j cannot be installed on every machine (it needs Java from Maven Central or Docker);
``arcadedb-embedded`` from PyPI carries its own Java runtime and runs an ArcadeDB server that
speaks Bolt 5 and reports itself Neo4j 5.26-compatible. It listens on 127.0.0.1 only.

Run as a module, it starts the server and prints one ``READY bolt://…`` line (the tests start
it this way, in its own process, and stop it by PID)::

    python -m graph_builder.emit.bolt_server --bolt-port 7687 --http-port 2480 --root DIR --password PW
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import socket
import sys
import time
from pathlib import Path

DEFAULT_DATABASE = "govkg"
DEFAULT_USER = "root"  # ArcadeDB's administrator; Neo4j tools log in with it


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def start_server(root: str | Path, bolt_port: int, http_port: int, password: str, database: str = DEFAULT_DATABASE, quiet: bool = True):
    """Start ArcadeDB with the Bolt plugin on loopback; create ``database`` if it is new."""
    if len(password) < 8:
        raise ValueError("the server password must have at least 8 characters (ArcadeDB's rule)")
    for port in (bolt_port, http_port):
        if port_open(port):
            raise ValueError(f"port {port} on 127.0.0.1 is already in use")
    try:
        import arcadedb_embedded
    except ImportError:
        raise ValueError("the Bolt server needs arcadedb-embedded: pip install -e '.[server]' (make test installs it)") from None

    from arcadedb_embedded.jvm import start_jvm

    root = Path(root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    sink = io.StringIO()
    # ArcadeDB writes its logs to ./log of the directory it starts in: start it in its root.
    previous = os.getcwd()
    os.chdir(root)
    try:
        # Python's Ctrl-C must stop the server: without interrupt=True the JVM keeps SIGINT.
        start_jvm(interrupt=True)
        with contextlib.redirect_stdout(sink) if quiet else contextlib.nullcontext():
            server = arcadedb_embedded.create_server(
                root_path=str(root),
                root_password=password,
                config={
                    "host": "127.0.0.1",
                    "http_port": http_port,
                    "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
                    "bolt_port": bolt_port,
                },
            )
            server.start()
            if not (root / "databases" / database).exists() and not (root / database).exists():
                server.create_database(database)
    finally:
        os.chdir(previous)
    for _ in range(100):
        if port_open(bolt_port):
            break
        time.sleep(0.1)
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bolt-port", type=int, default=7687)
    parser.add_argument("--http-port", type=int, default=2480)
    parser.add_argument("--root", default="govkg-server")
    parser.add_argument("--password", required=True)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    args = parser.parse_args(argv)
    try:
        server = start_server(args.root, args.bolt_port, args.http_port, args.password, args.database)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"READY bolt://127.0.0.1:{args.bolt_port} database={args.database}", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
