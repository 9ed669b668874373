"""Which URLs and addresses a fetch may reach: http(s) only, public addresses only unless allowed."""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

SAFE_SCHEMES = frozenset({"http", "https"})

# Non-public ranges the standard library's flags miss or that deserve their own name in a refusal.
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_BENCHMARK = ipaddress.ip_network("198.18.0.0/15")
_IETF = ipaddress.ip_network("192.0.0.0/24")
_DOCUMENTATION = (
    ipaddress.ip_network("192.0.2.0/24"),
    ipaddress.ip_network("198.51.100.0/24"),
    ipaddress.ip_network("203.0.113.0/24"),
    ipaddress.ip_network("2001:db8::/32"),
    ipaddress.ip_network("3fff::/20"),
)
# glibc's inet_aton reads 127.1, 0x7f.1, 017700000001 and 2130706433 as 127.0.0.1: so do browsers
# and curl, so a host made only of such parts is an address in disguise.
_NUMERIC_PART = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)
# urlsplit silently drops tab, CR and LF (WHATWG), so a URL carrying them would be fetched as another URL
# while the raw text went on into the WARC's headers and the report: such a URL is refused outright.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")  # what os.fsdecode makes of bytes that are not UTF-8
_LOCAL_NAMES = re.compile(r"(^|\.)(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)\.?$", re.I)


class UnsafeAddressError(OSError):
    """A connection was refused before it was made: the address is not public and not allowed."""


def parse_ip_host(host: str) -> IPAddress | None:
    """The address a URL host stands for if it is a literal (any IPv4 spelling, IPv6 with zone), else None."""
    h = host.strip().rstrip(".").strip("[]")
    if not h:
        return None
    if ":" in h:
        try:
            return ipaddress.IPv6Address(h.split("%", 1)[0])
        except ValueError:
            return None
    parts = h.split(".")
    if len(parts) > 4 or not all(_NUMERIC_PART.match(p) for p in parts):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(h))
    except (OSError, ValueError):
        return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, compatible, 6to4, NAT64, Teredo), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    packed = int(ip)
    if packed >> 32 == 0 and packed > 1:  # ::a.b.c.d, IPv4-compatible (deprecated)
        return ipaddress.IPv4Address(packed)
    return None


@functools.lru_cache(maxsize=4096)  # pure, and asked for every connection and every literal address
def non_public_reason(ip: IPAddress) -> str | None:
    """Why an address is not on the public Internet (e.g. "loopback"), or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            reason = non_public_reason(inner)
            return f"{reason} IPv4 inside IPv6" if reason else None
        if ip.is_site_local:
            return "site-local"
        if ip in ipaddress.ip_network("fc00::/7"):
            return "unique-local"
    checks: tuple[tuple[bool, str], ...] = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT, "shared (CGNAT)"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _BENCHMARK, "benchmarking"),
        (isinstance(ip, ipaddress.IPv4Address) and ip in _IETF, "IETF protocol"),
        (any(ip.version == n.version and ip in n for n in _DOCUMENTATION), "documentation"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
        (not ip.is_global, "non-global"),
    )
    for hit, name in checks:
        if hit:
            return name
    return None


@functools.lru_cache(maxsize=64)
def _networks(cidrs: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Public addresses are always allowed; others only when `allow_private` or inside `allow_nets`."""

    allow_private: bool = False
    allow_nets: tuple[str, ...] = ()

    def _allowed_by_net(self, ip: IPAddress) -> bool:
        candidates: list[IPAddress] = [ip]
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            candidates.append(ip.ipv4_mapped)
        for net in _networks(self.allow_nets):
            if any(c.version == net.version and c in net for c in candidates):
                return True
        return False

    def refusal(self, ip: IPAddress) -> str | None:
        """Why connecting to `ip` is refused, or None when it is allowed."""
        if self.allow_private:
            return None
        reason = non_public_reason(ip)
        if reason is None or self._allowed_by_net(ip):
            return None
        return f"{reason} address {ip} (allow it with --allow-net or --allow-private)"

    def url_refusal(self, url: str) -> str | None:
        """Why a URL is refused before any DNS look-up (scheme, literal address, local name), or None."""
        if _CONTROL.search(url):
            return "control characters in URL (CR, LF, tab or NUL would rewrite the request)"
        if _SURROGATE.search(url):
            return "malformed URL: bytes that are not text (an undecodable argument or file name)"
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError as exc:
            return f"malformed URL: {exc}"
        try:
            _ = parts.port  # raises on a malformed port
        except ValueError:
            return f"malformed URL: {_port_problem(parts.netloc)}"
        scheme = parts.scheme.lower()
        if scheme not in SAFE_SCHEMES:
            return f"{scheme or 'missing'} scheme: only http and https are fetched"
        if not host:
            return "no host in URL"
        if parts.username is not None or parts.password is not None:
            # Credentials in a cited link are a leak or a disguise (http://trusted.example@evil/).
            return "credentials in URL"
        return _host_refusal(self, host)


@functools.lru_cache(maxsize=4096)
def _host_refusal(policy: AddressPolicy, host: str) -> str | None:
    """Why a URL's host is refused before any look-up; the same for every URL on that host, so cached."""
    # IDNA maps look-alikes (fullwidth digits, circled letters) onto ASCII before any look-up.
    host = unicodedata.normalize("NFKC", host).lower()
    ip = parse_ip_host(host)
    if ip is not None:
        return policy.refusal(ip)
    if _LOCAL_NAMES.search(host) and policy.refusal(ipaddress.IPv4Address("127.0.0.1")):
        # Behind a proxy the proxy would resolve it to itself: refuse the name, not only its address.
        return f"local host name {host} (allow it with --allow-private)"
    return None


def _port_problem(netloc: str) -> str:
    port = netloc.rpartition("@")[2].rpartition("]")[2].rpartition(":")[2]
    if port.isascii() and port.isdigit():
        return f"port {port} is out of range (0 to 65535)"
    return f"port {port[:20]!r} is not a number"


def first_safe_address(
    host: str, port: int, policy: AddressPolicy, *, family: int = socket.AF_UNSPEC
) -> list[tuple[int, int, int, tuple[object, ...]]]:
    """Resolve `host` and keep the addresses the policy allows; UnsafeAddressError when none is."""
    infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    allowed: list[tuple[int, int, int, tuple[object, ...]]] = []
    refusals: list[str] = []
    for fam, kind, proto, _canon, sockaddr in infos:
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        why = policy.refusal(ip)
        if why is None:
            allowed.append((fam, kind, proto, tuple(sockaddr)))
        else:
            refusals.append(why)
    if not allowed:
        raise UnsafeAddressError(f"{host} resolves to a {refusals[0]}" if refusals else f"{host}: no address")
    return allowed
