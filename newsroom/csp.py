"""The Content-Security-Policy, admitting a page's own inline blocks by hash.

The policy (settings.CONTENT_SECURITY_POLICY) allows scripts and styles from
the site's own files only. An inline block a template writes (the JSON-LD of
an article page) is admitted by the SHA-256 of its text rather than by a
nonce: a nonce would make every answer differ, so ETags would never match
and a cached page would hand every reader the same "secret" nonce, while a
hash depends only on the block and stays as cacheable as the page.
"""

import base64
import hashlib

from csp.middleware import CSPMiddleware, PolicyParts


def admit_inline_script(request, text: str) -> None:
    """Let the answer to `request` run (or read) the inline <script> `text`."""
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    admit_script_hashes(request, [f"'sha256-{digest}'"])


def admit_script_hashes(request, hashes: list[str]) -> None:
    """Let the answer to `request` run the inline scripts of these hashes: those
    a stored page admitted when it was made (newsroom.page_cache)."""
    request.csp_script_hashes = [*admitted_script_hashes(request), *hashes]


def admitted_script_hashes(request) -> list[str]:
    return getattr(request, "csp_script_hashes", [])


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        hashes = admitted_script_hashes(request)
        if hashes:
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), *hashes]
            parts.update = update
        return parts
