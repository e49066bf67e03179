"""A production server on the demo data, for the measurements that need a real one.

``make load`` (load.py) and ``make weight`` (weight.py): ``demo_server`` migrates the database
named in the environment it is given and loads the demo, starts ``gunicorn -w N`` on 127.0.0.1
with that environment (REGISTRY_ENV=production and a fresh secret key, set by the caller),
waits until a page answers, and stops gunicorn when the measurement is over.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
START_SECONDS = 60
STOP_SECONDS = 30


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def run(command: list[str], env: dict[str, str]) -> None:
    """Run a setup command; show its output only when it fails."""
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        sys.stdout.write(done.stdout + done.stderr)
        raise SystemExit(f"Failed: {' '.join(command)}")


def get(port: int, path: str) -> bytes:
    """A plain GET on the local server (an error status raises, as urllib does)."""
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=60) as reply:  # noqa: S310
        return bytes(reply.read())


def wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path, path: str) -> None:
    """Poll ``path`` until gunicorn answers it with a success (60 s at most)."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.stdout.write(log.read_text())
            raise SystemExit("gunicorn stopped during start-up.")
        try:
            get(port, path)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer within {START_SECONDS} s.")


@contextmanager
def demo_server(
    env: dict[str, str], *, workers: int, port: int, log: Path, ready_path: str = "/"
) -> Iterator[None]:
    """Migrate and load the demo, then serve it with gunicorn until the block ends."""
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    run([*flask, "db", "upgrade"], env)
    run([*flask, "demo", "load"], env)
    print(f"gunicorn -w {workers} on http://{HOST}:{port} (log: {log})", flush=True)
    command = [sys.executable, "-m", "gunicorn", "-w", str(workers)]
    command += ["-b", f"{HOST}:{port}", "wsgi:app"]
    with log.open("wb") as log_stream:
        server = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log_stream, stderr=subprocess.STDOUT
        )
        try:
            wait_until_up(port, server, log, ready_path)
            yield
        finally:
            server.terminate()
            try:
                server.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
