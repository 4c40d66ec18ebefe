"""An httpx transport that only connects to public internet addresses.

Why: a terms URL (or any redirect it leads to) could point at the cloud metadata service
(169.254.169.254), the LAN (10.x, 192.168.x) or the machine itself (127.x). Checking the URL's
host name is not enough: a public name can resolve to a private address, and resolve again
differently between a check and the connection (DNS rebinding). So the check lives in the
network backend: the host is resolved once, every address it resolves to must be global
(`ipaddress` … `is_global`), and the socket connects to the checked address itself. TLS still
verifies the certificate against the host name (httpcore passes it as the server name).

Tests serve pages on loopback; they allow their own server's exact `ip:port` through
`allow` (a test-only setting: production leaves it empty, and the `FINEPRINT_FETCH_TEST_ALLOW`
variable that fills it from the command line is for the test suite only).
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx
from httpcore._backends.sync import SyncStream  # the stream SyncBackend itself returns

TEST_ALLOW_VARIABLE = "FINEPRINT_FETCH_TEST_ALLOW"
"""TEST ONLY: comma-separated `ip:port` pairs the fetcher may reach although not global."""

Resolver = Callable[[str, int], list[str]]
Connector = Callable[[str, int, float | None], socket.socket]


class BlockedAddressError(Exception):
    """The host resolves to an address that is not on the public internet."""


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (IP literals resolve to themselves)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def connect(address: str, port: int, timeout: float | None) -> socket.socket:
    return socket.create_connection((address, port), timeout)


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def allow_from_environment() -> frozenset[str]:
    """The test-only allow-list from FINEPRINT_FETCH_TEST_ALLOW (empty when unset)."""
    raw = os.environ.get(TEST_ALLOW_VARIABLE, "")
    return frozenset(part.strip() for part in raw.split(",") if part.strip())


class PublicOnlyBackend(httpcore.SyncBackend):
    """Resolves, checks every address, then connects to a checked address."""

    def __init__(
        self,
        allow: Iterable[str] = (),
        resolver: Resolver = resolve,
        connector: Connector = connect,
    ) -> None:
        self.allow = frozenset(allow)
        self.resolver = resolver
        self.connector = connector

    def checked_addresses(self, host: str, port: int) -> list[str]:
        try:
            addresses = self.resolver(host, port)
        except OSError as error:
            raise httpcore.ConnectError(f"cannot resolve {host} ({error})") from None
        if not addresses:
            raise httpcore.ConnectError(f"{host} resolves to no address")
        for address in addresses:
            if not is_public(address) and f"{address}:{port}" not in self.allow:
                raise BlockedAddressError(
                    f"refusing {host}: it resolves to {address}, not a public internet address"
                )
        return addresses

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.checked_addresses(host, port)
        last: OSError | None = None
        for address in addresses:
            try:
                sock = self.connector(address, port, timeout)
            except TimeoutError as error:
                raise httpcore.ConnectTimeout(str(error)) from None
            except OSError as error:
                last = error
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return SyncStream(sock)
        raise httpcore.ConnectError(str(last))

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise BlockedAddressError("refusing a Unix socket connection")


class PublicOnlyTransport(httpx.HTTPTransport):
    """httpx's transport with the public-only backend, and no proxies from the environment
    (a proxy would make the connection, unchecked)."""

    def __init__(self, backend: PublicOnlyBackend, **kwargs: Any) -> None:
        super().__init__(trust_env=False, **kwargs)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=10,
            network_backend=backend,
        )


def public_client(
    *,
    allow: Iterable[str] = (),
    resolver: Resolver = resolve,
    connector: Connector = connect,
    **kwargs: Any,
) -> httpx.Client:
    """An httpx client that can only reach public addresses (see the module docstring)."""
    backend = PublicOnlyBackend(allow, resolver, connector)
    return httpx.Client(transport=PublicOnlyTransport(backend), trust_env=False, **kwargs)
