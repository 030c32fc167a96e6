"""The 500 page that always renders, even when the site's layout cannot.

templates/500.html extends the layout, which names static files; in production a file missing
from the static manifest makes `{% static %}` raise, so Django's own 500 view raised in turn
and every error became a cascade of tracebacks and a bare server error. This view tries the
normal page and falls back to a plain Dutch page without templates or static files.
"""

import logging

from django.http import HttpResponseServerError
from django.views import defaults

logger = logging.getLogger(__name__)

PLAIN_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Er ging iets mis – Kansrijke Start</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Er ging iets mis</h1>
<p>Door een fout aan onze kant lukte dit niet. Probeer het later nog eens.</p>
<p><a href="/">Naar alle coalities</a></p></body></html>
"""


def server_error(request):
    try:
        return defaults.server_error(request)
    except Exception as error:
        # One line: django.request logs the original error with its traceback already.
        logger.error("The 500 page could not be rendered (%r); sent the plain page", error)
        return HttpResponseServerError(PLAIN_PAGE, content_type="text/html; charset=utf-8")
