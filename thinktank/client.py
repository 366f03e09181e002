"""The client's address, as our own proxies saw it (settings.TRUSTED_PROXIES).

One answer for everything that limits by address: the mail form's rate
limits and the admin's sign-in lockout (django-axes).
"""

import functools
import ipaddress

from django.conf import settings


def is_trusted_proxy(address):
    """True when `address` is one of settings.TRUSTED_PROXIES (an address or a network)."""
    return _is_in(address, tuple(settings.TRUSTED_PROXIES))


# Asked on every request (TrustedProxyHeadersMiddleware), mostly about the
# same few proxy addresses: parsing them each time cost more than the answer.
@functools.lru_cache(maxsize=1024)
def _is_in(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in networks)


def client_ip(request):
    """REMOTE_ADDR, unless it is a trusted proxy: then the nearest untrusted hop.

    X-Forwarded-For is read from the right (the hops our proxies appended) and
    only while the hop that added an entry is trusted, so a client cannot
    forge its way to another address.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(address):
        return address
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([h for h in hops if h]):
        address = hop
        if not is_trusted_proxy(hop):
            break
    return address
