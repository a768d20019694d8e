"""Which IP addresses are the open internet's, however a URL writes them (SECURITY.md case 44).

Plain functions, without Flask, so the rules can be read and tested on their own.
"""

import ipaddress
import socket

# Public by the ipaddress module's tables, yet never a web server of the open internet.
NOT_PUBLIC_NETWORKS = [
    ipaddress.ip_network(network)
    for network in (
        "100.64.0.0/10",  # carrier-grade NAT
        "192.0.0.0/24",  # IETF protocol assignments
        "198.18.0.0/15",  # benchmarking
        "::/96",  # IPv4-compatible IPv6 (deprecated)
        "::ffff:0:0/96",  # IPv4-mapped IPv6
        "64:ff9b::/96",  # NAT64
        "64:ff9b:1::/48",  # local-use NAT64
        "2001::/32",  # Teredo
        "2002::/16",  # 6to4
        "fec0::/10",  # site-local (deprecated, still private)
    )
]
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: Address) -> bool:
    """Tell whether an IP address belongs to the open internet."""
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_private
        and not any(address in network for network in NOT_PUBLIC_NETWORKS)
    )


def numeric_host(host: str) -> Address | None:
    """Read a host written as a number, in any form a resolver accepts; None for a name.

    Besides the usual 127.0.0.1 and ::1, inet_aton() reads 2130706433, 0x7f000001,
    0177.0.0.1 and 127.1 as 127.0.0.1, and so would the resolver: judge what they mean.
    """
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    last_label = host.rstrip(".").rpartition(".")[2]
    if not (last_label.isdigit() or last_label.startswith("0x")):
        return None  # a name, like example.com
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        raise ValueError(f"not an IPv4 address in any form: {host!r}") from None
