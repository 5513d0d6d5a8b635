"""Starts a real `sluice server` on free loopback ports for the tests, with one user."""

import os
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    """The server's Flight SQL URI, user and password; stopped after the session."""
    work = Path(tempfile.mkdtemp(prefix="sluice-pytest-"))
    env = dict(os.environ, SLUICE_NO_BUILD=os.environ.get("SLUICE_NO_BUILD", "1"))
    password = secrets.token_urlsafe(18)
    user_line = subprocess.run(
        [str(ROOT / "sluice"), "server", "hash-password", "tester"],
        input=password + "\n", capture_output=True, text=True, check=True, env=env,
    ).stdout.strip()
    flight, http = _free_port(), _free_port()
    (work / "files").mkdir()
    (work / "server.properties").write_text(
        f"data = {work / 'data'}\nbind = 127.0.0.1\nport = {flight}\nhttp.port = {http}\n"
        f"files.roots = {work / 'files'}\n{user_line}\n")
    log = open(work / "server.log", "w")
    process = subprocess.Popen(
        [str(ROOT / "sluice"), "server", "--config", str(work / "server.properties")],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{http}/v1/health", timeout=1)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the server did not start:\n" + (work / "server.log").read_text())
                time.sleep(0.3)
        yield {"uri": f"grpc://127.0.0.1:{flight}", "user": "tester", "password": password,
               "http": f"http://127.0.0.1:{http}", "files": work / "files"}
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
