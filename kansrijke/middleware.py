"""Request-wide rules that hold for every page: which HTTP methods we answer, what may be cached.

Each rule lives here once instead of on each view, so a new page follows it without anyone
remembering a decorator.
"""

from django.http import HttpResponseNotAllowed
from django.urls import reverse
from django.utils.cache import patch_cache_control

# Browsers only send these; forms post, links get, HEAD is GET without the body.
ALLOWED_METHODS = ("GET", "HEAD", "POST")


class AllowedMethodsMiddleware:
    """Answer 405 to TRACE, PUT, DELETE, OPTIONS and any other method we have no use for.

    Our function views treat every method that is not POST like a GET, so TRACE or PUT got the
    page with 200; TRACE in particular is a classic probe (cross-site tracing) that a security
    scan reports. Placed before WhiteNoise so static files follow the same rule.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """`Cache-Control: private, no-store` on every response to a logged-in user, and on every
    workspace and admin address whoever asks.

    Logged-in users see people's names (contact people, signatories of agreements, authors of
    status updates and feedback) on many pages, including public ones such as the partner map;
    no shared cache (proxy, CDN) and no browser history may keep a copy. Anonymous visitors of
    the public pages see no personal data (tests/security/test_permission_matrix.py checks
    that), so those responses stay cacheable. Static files never reach this middleware
    (WhiteNoise answers them earlier) and stay cacheable for everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._private_prefixes = None

    def private_prefixes(self) -> tuple[str, ...]:
        # Resolved on first use: the URLconf is not loaded yet when middleware is built.
        if self._private_prefixes is None:
            self._private_prefixes = (reverse("coalitions:workspace"), reverse("admin:index"))
        return self._private_prefixes

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path_info.startswith(
            self.private_prefixes()
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
