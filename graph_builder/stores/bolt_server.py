"""A local Bolt server for Neo4j's own tools, without installing Neo4j.

Neo4j cannot be installed on every machine (it needs Java from Maven Central or Docker);
``arcadedb-embedded`` from PyPI carries its own Java runtime and runs an ArcadeDB server that
speaks Bolt 5 and reports itself Neo4j 5.26-compatible. It listens on 127.0.0.1 only, with a
password made for each run unless one is given, its HTTP API off unless a port is asked for,
its files readable by their owner only and its logs in its own folder, not on the console.

Run as a module, it starts the server and prints one ``READY bolt://…`` line (the tests start
it this way, in its own process, and stop it by PID)::

    python -m graph_builder.stores.bolt_server --bolt-port 7687 --root DIR [--password PW] [--http-port 2480]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import signal
import threading
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


def new_password() -> str:
    """A random password for one run of the server (24 URL-safe characters)."""
    return secrets.token_urlsafe(18)


# ArcadeDB's java.util.logging set-up: everything into the server's own log file, nothing on
# the console (the default prints ~30 INFO lines on start and more on stop).
_LOG_PROPERTIES = """handlers = java.util.logging.FileHandler
.level = INFO
io.undertow.level = WARNING
org.xnio.level = WARNING
org.jboss.level = WARNING
java.util.logging.FileHandler.level = INFO
java.util.logging.FileHandler.pattern = {log}/arcadedb.log
java.util.logging.FileHandler.formatter = com.arcadedb.log.LogFormatter
java.util.logging.FileHandler.limit = 10000000
java.util.logging.FileHandler.count = 3
"""


@contextlib.contextmanager
def _output_into(path: Path):
    """Send this process's stdout and stderr (file descriptors 1 and 2, which the JVM writes to
    directly) into ``path`` while the block runs."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with open(path, "ab") as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in saved:
            os.close(fd)


def follow_logs(folder: Path, write, stop: "threading.Event", every: float = 0.3) -> None:
    """Copy what the server writes into its log files (``folder/*.log*``: ArcadeDB's rotating
    arcadedb.log.0 and the console) to ``write`` as it is written, until ``stop`` is set:
    ``govkg serve --verbose``."""
    offsets: dict[Path, int] = {}
    while True:
        for path in sorted(p for p in folder.glob("*.log*") if not p.name.endswith(".lck")):
            try:
                with path.open("rb") as handle:
                    handle.seek(offsets.get(path, 0))
                    chunk = handle.read()
                    offsets[path] = handle.tell()
            except OSError:
                continue
            if chunk:
                write(chunk.decode("utf-8", "replace"))
        if stop.wait(every):
            return


class Server:
    """A running ArcadeDB server; ``stop()`` closes its database cleanly (no JVM shutdown-hook
    warning about unclosed databases)."""

    def __init__(self, arcade, log: Path, http_port: int | None):
        self.arcade = arcade
        self.log = log
        self.http_port = http_port

    def stop(self) -> None:
        with _output_into(self.log / "console.log"):
            self.arcade.stop()


def start_server(
    root: str | Path,
    bolt_port: int,
    http_port: int | None,
    password: str,
    database: str = DEFAULT_DATABASE,
) -> Server:
    """Start ArcadeDB with the Bolt plugin on 127.0.0.1; create ``database`` if it is new.

    The process's umask becomes 077 and ``root`` is made owner-only (0700), so the database
    files and logs the server creates are readable by this user alone (the server runs in its
    own process: ``govkg serve`` or ``python -m graph_builder.stores.bolt_server``). ArcadeDB's logs
    and console output go to ``root/log/``. ArcadeDB always starts its HTTP API: unless
    ``http_port`` is given it is started on a free loopback port and stopped at once, so only
    Bolt listens.
    """
    if len(password) < 8:
        raise ValueError("the server password must have at least 8 characters (ArcadeDB's rule)")
    for port in (bolt_port, http_port):
        if port is not None and port_open(port):
            raise ValueError(f"port {port} on 127.0.0.1 is already in use")
    try:
        import arcadedb_embedded
    except ImportError:
        raise ValueError("the Bolt server needs arcadedb-embedded: pip install -e '.[server]' (make test installs it)") from None

    from arcadedb_embedded.jvm import start_jvm

    os.umask(0o077)
    root = Path(root).resolve()
    try:
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o700)
        (root / "config").mkdir(exist_ok=True)
        log = root / "log"
        log.mkdir(exist_ok=True)
    except OSError as error:
        raise ValueError(f"{root}: cannot create the server folder: {error.strerror or error}") from None
    properties = root / "config" / "arcadedb-log.properties"
    properties.write_text(_LOG_PROPERTIES.format(log=log.as_posix()), encoding="utf-8")
    # ArcadeDB writes its logs to ./log of the directory it starts in: start it in its root.
    previous = os.getcwd()
    os.chdir(root)
    try:
        with _output_into(log / "console.log"):
            # Ctrl-C stays Python's (a KeyboardInterrupt), so the caller stops the server cleanly.
            # -Xrs: the JVM leaves SIGTERM (and SIGHUP) to Python, whose handler stops the server
            # cleanly; the JVM's own handler called into Python from a Java thread and crashed.
            start_jvm(interrupt=False, jvm_args=["-Xrs", f"-Djava.util.logging.config.file={properties.as_posix()}"])
            server = arcadedb_embedded.create_server(
                root_path=str(root),
                root_password=password,
                config={
                    "host": "127.0.0.1",
                    "http_port": http_port if http_port is not None else free_port(),
                    "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
                    "bolt_port": bolt_port,
                },
            )
            server.start()
            if http_port is None:
                server._java_server.getHttpServer().stopService()
            if not (root / "databases" / database).exists() and not (root / database).exists():
                server.create_database(database)
    finally:
        os.chdir(previous)
    for _ in range(100):
        if port_open(bolt_port):
            break
        time.sleep(0.1)
    return Server(server, log, http_port)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bolt-port", type=int, default=7687)
    parser.add_argument("--http-port", type=int, default=None, help="also start the HTTP API on this loopback port")
    parser.add_argument("--root", default="govkg-server")
    parser.add_argument("--password", default=None, help="root's password (default: $NEO4J_PASSWORD, else a new random one)")
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    args = parser.parse_args(argv)
    password = args.password or os.environ.get("NEO4J_PASSWORD") or new_password()
    try:
        server = start_server(args.root, args.bolt_port, args.http_port, password, args.database)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    given = args.password or os.environ.get("NEO4J_PASSWORD")
    print(f"READY bolt://127.0.0.1:{args.bolt_port} database={args.database}" + ("" if given else f" password={password}"), flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
