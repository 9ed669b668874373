"""Address safety: which literal hosts, resolved addresses and schemes are refused, in many spellings."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from verify.fetch.safety import (
    AddressPolicy,
    UnsafeAddressError,
    first_safe_address,
    non_public_reason,
    parse_ip_host,
)

DEFAULT = AddressPolicy()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("[::1]", "::1"),
        ("[fe80::1%25eth0]", "fe80::1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("example.com", None),
        ("1.example", None),
        ("deadbeef", None),
        ("0x7g.1", None),
        ("", None),
    ],
)
def test_literal_hosts_in_every_spelling(host: str, expected: str | None) -> None:
    ip = parse_ip_host(host)
    assert (str(ip) if ip else None) == expected


@pytest.mark.parametrize(
    "addr",
    [
        "127.0.0.1",
        "127.255.255.254",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "100.64.0.1",  # CGNAT
        "0.0.0.0",
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.10",
        "198.51.100.1",
        "203.0.113.9",
        "198.18.0.1",
        "192.0.0.8",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "fec0::1",
        "ff02::1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "2001:db8::1",
        "2001::1",  # Teredo
        "100::1",  # discard
    ],
)
def test_non_public_addresses_are_refused(addr: str) -> None:
    ip = ipaddress.ip_address(addr)
    assert non_public_reason(ip) is not None
    assert DEFAULT.refusal(ip) is not None


@pytest.mark.parametrize(
    "addr",
    ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_public_addresses_are_allowed(addr: str) -> None:
    assert DEFAULT.refusal(ipaddress.ip_address(addr)) is None


def test_allow_net_and_allow_private() -> None:
    policy = AddressPolicy(allow_nets=("10.20.0.0/16",))
    assert policy.refusal(ipaddress.ip_address("10.20.3.4")) is None
    assert policy.refusal(ipaddress.ip_address("::ffff:10.20.3.4")) is None
    assert policy.refusal(ipaddress.ip_address("10.21.0.1")) is not None
    assert policy.refusal(ipaddress.ip_address("127.0.0.1")) is not None
    assert AddressPolicy(allow_private=True).refusal(ipaddress.ip_address("127.0.0.1")) is None


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/x",
        "data:text/html,hi",
        "javascript:alert(1)",
        "gopher://example.com/",
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://[::1]:8080/",
        "http://[::ffff:7f00:1]/",
        "http://localhost/",
        "http://LOCALHOST./",
        "http://api.localhost/",
        "http://169.254.169.254/latest/meta-data/",
        "http://user:pw@example.com/",
        "http://example.com:99999/",
        "http:///nohost",
        "http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/",  # fullwidth 127.0.0.1
        "http://\u24db\u24de\u24d2\u24d0\u24db\u24d7\u24de\u24e2\u24e3/",  # circled "localhost"
        "https://news.example.org/a\r\nX-Injected: 1",
        "https://news.example.org/a?q=1\nHost: evil.example",
        "https://news.example.org/\ta",
        "https://news.example.org/a\x00b",
    ],
)
def test_urls_refused_before_any_lookup(url: str) -> None:
    assert DEFAULT.url_refusal(url) is not None


def test_ordinary_urls_pass_the_url_check() -> None:
    assert DEFAULT.url_refusal("https://news.example.org/2026/05/story?id=3") is None
    assert DEFAULT.url_refusal("HTTP://Example.COM") is None


def test_localhost_allowed_when_loopback_is() -> None:
    assert AddressPolicy(allow_nets=("127.0.0.0/8",)).url_refusal("http://localhost:8000/") is None


def test_resolved_addresses_are_filtered(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake(host: str, port: int, family: int = 0, kind: int = 0, *a: object) -> list[tuple]:  # type: ignore[type-arg]
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    kept = first_safe_address("mixed.example", 80, DEFAULT)
    assert [a[3][0] for a in kept] == ["93.184.216.34"]
    monkeypatch.setattr(
        socket,
        "getaddrinfo",
        lambda *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 80))],
    )
    with pytest.raises(UnsafeAddressError, match="loopback"):
        first_safe_address("rebind.example", 80, DEFAULT)
