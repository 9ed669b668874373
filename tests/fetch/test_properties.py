"""Properties: address parsing agrees with the C library, and reading never raises on arbitrary bytes."""

from __future__ import annotations

import ipaddress
import socket

from hypothesis import given, settings
from hypothesis import strategies as st

from verify.documents.decode import decode
from verify.fetch.reader import read_response
from verify.fetch.safety import AddressPolicy, parse_ip_host
from verify.fetch.types import Headers, Response
from verify.models import FetchStatus

PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8")]


@given(st.integers(0, 2**32 - 1), st.sampled_from(["dec", "hex", "oct", "dotted-hex", "short"]))
def test_every_ipv4_spelling_parses_like_inet_aton(n: int, form: str) -> None:
    octets = [(n >> s) & 255 for s in (24, 16, 8, 0)]
    text = {
        "dec": str(n),
        "hex": hex(n),
        "oct": "0" + oct(n)[2:],
        "dotted-hex": ".".join(hex(o) for o in octets),
        "short": f"{octets[0]}.{(n & 0xFFFFFF)}",
    }[form]
    assert parse_ip_host(text) == ipaddress.IPv4Address(socket.inet_aton(text))


@given(st.sampled_from(PRIVATE), st.integers(0, 2**24 - 1))
def test_private_addresses_are_refused_in_any_wrapping(net: ipaddress.IPv4Network, offset: int) -> None:
    ip = net[offset % net.num_addresses]
    policy = AddressPolicy()
    assert policy.refusal(ip) is not None
    assert policy.refusal(ipaddress.IPv6Address(f"::ffff:{ip}")) is not None
    assert policy.url_refusal(f"http://{int(ip)}/") is not None


@settings(max_examples=200)
@given(
    st.binary(max_size=3000),
    st.sampled_from(
        [
            "text/html",
            "text/plain",
            "application/json",
            "application/pdf",
            "",
            "text/html; charset=utf-16",
            "text/html; charset=bogus",
        ]
    ),
)
def test_reading_never_raises(body: bytes, ctype: str) -> None:
    status, doc, reason = read_response(
        Response("https://a.example/", 200, Headers((("Content-Type", ctype),)), body)
    )
    assert status in (FetchStatus.OK, FetchStatus.BROKEN, FetchStatus.BLOCKED)
    assert doc is not None or reason is not None


@settings(max_examples=200)
@given(st.text(max_size=500))
def test_utf8_text_survives_decoding(text: str) -> None:
    decoded, _ = decode(text.encode("utf-8"), "iso-8859-1")
    if any(ord(c) > 127 for c in text) and not text.startswith("\ufeff"):
        assert decoded == text
