"""The address a request came from, for throttling sign-ins (django-axes)."""

from ipaddress import ip_address

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address as the trusted proxies in front of the site saw it.

    Each of the PROXY_COUNT proxies appends the address it was connected from
    to X-Forwarded-For, so the client is the entry the outermost one wrote:
    PROXY_COUNT from the right. Whatever stands left of it was sent by the
    client and is ignored, so no header can spread one guesser over many
    addresses. A request that did not pass through every proxy is counted by
    the address it came from.
    """
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if settings.PROXY_COUNT and len(hops) >= settings.PROXY_COUNT:
        candidate = hops[-settings.PROXY_COUNT].strip()
        try:
            return str(ip_address(candidate))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")
