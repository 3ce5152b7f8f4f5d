"""A real CardDAV server (Radicale) synced by vdirsyncer into a vdir that relinbox syncs.

Both directions: a contact created in relinbox reaches the server, and an edit made on the
server (an HTTP PUT of a changed vCard) comes back into relinbox.

Radicale and vdirsyncer are installed into a virtualenv of their own (not the test venv, to
keep their dependencies apart) under `$RELINBOX_TEST_TOOLS`, or pytest's cache folder when
that is not set; CI pre-installs them there. When they cannot be installed the test is
skipped with the reason. The server listens on 127.0.0.1 only, on a free port, and is
stopped at the end; every wait is bounded.
"""

from __future__ import annotations

import base64
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from relinbox.core.store import Store
from tests.sync.conftest import relinbox_command

TOOLS = ("radicale", "vdirsyncer")
INSTALL_TIMEOUT_S = 600
START_TIMEOUT_S = 30
USER, PASSWORD = "advisor", "secret"
AUTH = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
BOOK = f"/{USER}/contacts/"
MKCOL = """<?xml version="1.0" encoding="utf-8"?>
<D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav">
  <D:set><D:prop>
    <D:resourcetype><D:collection/><C:addressbook/></D:resourcetype>
    <D:displayname>Contacts</D:displayname>
  </D:prop></D:set>
</D:mkcol>
"""
GRACE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:grace-hopper-1\r\nN:Hopper;Grace;;;\r\n"
    "FN:Grace Hopper\r\nTEL;TYPE=CELL:+1 202 555 0147\r\n"
    "item1.X-ABLabel:kept label\r\nX-CUSTOM-THING:kept\r\nEND:VCARD\r\n"
)


def _local_env() -> dict[str, str]:
    """The environment without proxies: every request stays on 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def _tools_dir(request: pytest.FixtureRequest) -> Path:
    configured = os.environ.get("RELINBOX_TEST_TOOLS")
    if configured:
        return Path(configured).expanduser()
    cache = getattr(request.config, "cache", None)  # absent with -p no:cacheprovider
    if cache is None:
        return Path(tempfile.gettempdir()) / "relinbox-test-tools"
    return Path(cache.mkdir("relinbox-test-tools"))


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


@pytest.fixture(scope="module")
def tools(request: pytest.FixtureRequest) -> Path:
    """A virtualenv holding radicale and vdirsyncer; installed on first use."""
    venv = _tools_dir(request) / "carddav-venv"
    python = _bin(venv, "python")
    check = [str(python), "-c", "import radicale, vdirsyncer"]
    if python.exists() and subprocess.run(check, capture_output=True, timeout=60).returncode == 0:
        return venv
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True,
                       capture_output=True, timeout=120)  # fmt: skip
        install = subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", *TOOLS],
            capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as error:
        reason = f"cannot create a virtualenv for {', '.join(TOOLS)}: {error}"
        print(reason)
        pytest.skip(reason)
    if install.returncode != 0:
        tail = (install.stderr or install.stdout).strip().splitlines()[-3:]
        reason = f"cannot install {', '.join(TOOLS)}: {' / '.join(tail)}"
        print(reason)
        pytest.skip(reason)
    return venv


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, body: str | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, bytes]:  # fmt: skip
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        connection.request(method, path, body=body.encode() if body is not None else None,
                           headers={"Authorization": AUTH, **(headers or {})})  # fmt: skip
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture
def server(tools: Path, tmp_path: Path):
    port = _free_port()
    config = tmp_path / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n"
        f"[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'collections'}\n"
        f"[rights]\ntype = owner_only\n"
        f"[logging]\nlevel = warning\n",
        encoding="utf-8",
    )
    log = (tmp_path / "radicale.log").open("wb")
    process = subprocess.Popen(
        [str(_bin(tools, "python")), "-m", "radicale", "--config", str(config)],
        stdout=log, stderr=subprocess.STDOUT, env=_local_env(),
    )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    output = (tmp_path / "radicale.log").read_text(errors="replace")
                    pytest.fail(f"Radicale did not start on 127.0.0.1:{port}:\n{output}")
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def vdirsyncer(tools: Path, config: Path, *args: str) -> None:
    result = subprocess.run(
        [str(_bin(tools, "vdirsyncer")), "-c", str(config), *args],
        capture_output=True, text=True, timeout=120, env=_local_env(), input="",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_radicale_vdirsyncer_relinbox_round_trip(tools: Path, server: int, tmp_path: Path):
    port = server
    status, _ = request(port, "MKCOL", BOOK, MKCOL, {"Content-Type": "application/xml"})
    assert status == 201, status
    status, _ = request(port, "PUT", f"{BOOK}grace.vcf", GRACE, {"Content-Type": "text/vcard"})
    assert status == 201, status

    vdir = tmp_path / "vdir"
    vdir.mkdir()
    config = tmp_path / "vdirsyncer.conf"
    config.write_text(
        f'[general]\nstatus_path = "{(tmp_path / "status").as_posix()}/"\n\n'
        '[pair contacts]\na = "local"\nb = "server"\ncollections = null\n\n'
        f'[storage local]\ntype = "filesystem"\npath = "{vdir.as_posix()}/"\nfileext = ".vcf"\n\n'
        f'[storage server]\ntype = "carddav"\nurl = "http://127.0.0.1:{port}{BOOK}"\n'
        f'username = "{USER}"\npassword = "{PASSWORD}"\n',
        encoding="utf-8",
    )
    vdirsyncer(tools, config, "discover")
    vdirsyncer(tools, config, "sync")
    assert len(list(vdir.glob("*.vcf"))) == 1

    db = tmp_path / "store"
    env = {**_local_env(), "RELINBOX_TODAY": "2026-11-23"}

    def relinbox(*args: str) -> str:
        result = subprocess.run([*relinbox_command(), "--db", str(db), *args],
                                capture_output=True, text=True, timeout=120, env=env)  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    # relinbox -> server
    uid = relinbox("add", "Zed New", "--email", "zed@new.example").strip().splitlines()[-1]
    relinbox("sync", "--vdir", str(vdir))
    vdirsyncer(tools, config, "sync")
    status, body = request(port, "GET", f"{BOOK}{uid}.vcf")
    if status == 404:  # vdirsyncer may pick its own href: look through the collection
        status, listing = request(port, "PROPFIND", BOOK, None, {"Depth": "1"})
        assert uid.encode() in listing
    else:
        assert status == 200 and b"FN:Zed New" in body

    # server -> relinbox
    status, body = request(port, "GET", f"{BOOK}grace.vcf")
    assert status == 200
    changed = body.decode().replace("+1 202 555 0147", "+1 202 555 9999")
    status, _ = request(port, "PUT", f"{BOOK}grace.vcf", changed, {"Content-Type": "text/vcard"})
    assert status in (201, 204), status
    vdirsyncer(tools, config, "sync")
    relinbox("sync", "--vdir", str(vdir))
    with Store.open(db) as store:
        grace = store.contact("grace-hopper-1")
        assert grace is not None
        assert [p.value for p in grace.phones] == ["+1 202 555 9999"]
        assert "X-CUSTOM-THING:kept" in grace.extra
    # and nothing is pending: another round changes nothing on either side
    out = relinbox("sync", "--vdir", str(vdir))
    assert "0 from the folder, 0 to the folder" in out, out

