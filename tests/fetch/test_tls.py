"""HTTPS over loopback: certificates are verified, and REQUESTS_CA_BUNDLE names the trusted ones."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulators.faults import FaultServer
from verify.fetch.http import HttpClient
from verify.fetch.types import NO_RETRY, ClientConfig
from verify.models import FetchStatus


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[FaultServer, Path]]:
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    server = FaultServer("127.0.0.1")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server._server.socket = context.wrap_socket(server._server.socket, server_side=True)
    with server:
        yield server, cert


def test_untrusted_certificate_is_broken(tls_server: tuple[FaultServer, Path]) -> None:
    server, _ = tls_server
    client = HttpClient(ClientConfig(allow_nets=("127.0.0.0/8",), use_cache=False))
    outcome = client.get(f"https://127.0.0.1:{server.port}/ok", retry=NO_RETRY)
    client.close()
    assert outcome.failure is FetchStatus.BROKEN
    assert "TLS" in (outcome.error or "")


def test_ca_bundle_from_the_environment(
    tls_server: tuple[FaultServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, cert = tls_server
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    client = HttpClient(ClientConfig(allow_nets=("127.0.0.0/8",), use_cache=False))
    outcome = client.get(f"https://127.0.0.1:{server.port}/ok", retry=NO_RETRY)
    client.close()
    assert outcome.ok
    assert outcome.response is not None and outcome.response.peer == "127.0.0.1"
