"""Anonymous pages from the cache, invalidated when what they show changes.

Which pages: the views named in `settings.PUBLIC_PAGE_CACHE_VIEWS` (home, lists, details, search, feeds,
sitemap). Only a visitor with no session and no messages is served from, or stored in, the cache, so no
signed-in page and nothing personal is ever in it. A response is stored only when it is a plain 200 that
set no cookie, used no CSRF token (a page with a form on it is rendered fresh every time), queued no
message and did not say `private`/`no-store`.

Invalidation: every stored page carries the version number it was rendered under and is used only while
that is still the current version (both are read in one round trip). Saving or deleting any model of the
apps in `settings.PUBLIC_PAGE_CACHE_SOURCES` bumps the version (receivers connected in CoreConfig.ready),
so the next anonymous request renders the page again. One version for the whole site, because the pages
mix their sources (the home page shows seminars, publications and communities) and the content changes at
the pace of people, a few times an hour: a finer scheme would save little and could miss a dependency.
Writes that bypass model signals (`QuerySet.update()`) call `public_pages_changed()` themselves.
`PUBLIC_PAGE_CACHE_SECONDS` bounds how long a page lives, which also moves "coming up" on as time passes.

Why signals here although our models keep domain logic out of them: this is cache plumbing, not domain
logic, and it must see every writer (services, the admin, data migrations, factories in tests);
a service forgetting to call it would leave stale pages that no test of that service would notice.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_vary_headers

VERSION_KEY = "public-pages:version"
KEY_PREFIX = "public-pages:page:v2"  # v2: (version, content, headers)
MAX_QUERY_LENGTH = 300  # longer query strings are rendered, not stored: no one can fill the cache with them


def public_pages_version() -> int:
    """The current version of everything public: part of every cache key that must follow content."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start (or an evicted key) takes the clock, never a number an older version used.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY) or 0
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key is gone: any new number is newer than every stored page's
        cache.set(VERSION_KEY, time.time_ns(), None)


def public_pages_changed() -> None:
    """Something anonymous visitors see has changed: every cached page is rendered again.

    Bumped now (a request after this call in the same thread sees the change) and again after the
    transaction commits: a page rendered from the old rows while the transaction was open is stored
    under the version in between, which the second bump leaves behind.
    """
    _bump()
    transaction.on_commit(_bump)


def _on_save(sender, update_fields=None, **kwargs):
    # Signing in stamps last_login on the user: nothing any public page shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    public_pages_changed()


def _on_change(sender, **kwargs):
    public_pages_changed()


def _on_m2m_change(sender, action, **kwargs):
    # Django sends every many-to-many change twice (pre_add, then post_add...): one bump is enough.
    if action.startswith("post_"):
        public_pages_changed()


def connect_invalidation(models) -> None:
    """Bump the version when any of these models is saved, deleted or has its many-to-many changed.

    Connected per model rather than for every sender, so the other models keep Django's fast deletes.
    """
    for model in models:
        post_save.connect(_on_save, sender=model, dispatch_uid=f"public-pages-save-{model._meta.label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"public-pages-delete-{model._meta.label}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _on_m2m_change, sender=through, dispatch_uid=f"public-pages-m2m-{through._meta.label}"
            )


def source_models():
    """The models named (as "app" or "app.Model") in settings.PUBLIC_PAGE_CACHE_SOURCES."""
    from django.apps import apps

    wanted = set(settings.PUBLIC_PAGE_CACHE_SOURCES)
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in wanted or model._meta.label in wanted
    ]


def cache_control_directives(response) -> set[str]:
    """The directive names of a response's Cache-Control header, in lower case ("public", "max-age"...)."""
    return {
        part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }


def _may_use_cache(request) -> bool:
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    # Anyone with a session (signed in, or a visitor the site remembers something for) or a pending
    # message gets their own page: the cache holds only what every anonymous visitor sees.
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if request.user.is_authenticated:
        return False
    return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_LENGTH


def _key(request) -> str:
    digest = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"{KEY_PREFIX}:{digest}"


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a CSRF token: a form
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    return not cache_control_directives(response) & {"private", "no-store", "no-cache"}


class PublicPageCacheMiddleware:
    """Serves the listed anonymous pages from the cache. Place it last: it must see the signed-in user
    (after authentication) and the response before the session, CSRF and message middleware add cookies."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.view_names = frozenset(settings.PUBLIC_PAGE_CACHE_VIEWS)

    def __call__(self, request):
        # Template responses are rendered by the time they come back here.
        return self._store(request, self.get_response(request))

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in self.view_names or not _may_use_cache(request):
            return None
        # One round trip: the current version and the stored page, which carries the version it was
        # rendered under. A page from an older version is rendered again and replaces it.
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            version = public_pages_version()
        request._public_page_key = (key, version)
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            _, content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        return None

    def _store(self, request, response):
        key_and_version = getattr(request, "_public_page_key", None)
        if key_and_version is None or response.has_header("X-Page-Cache"):
            return response
        if request.method == "GET" and _storable(request, response):
            # The session middleware would add this for a rendered page; a page from the cache must say
            # it too, so no browser or proxy hands a signed-in visitor the anonymous copy.
            patch_vary_headers(response, ["Cookie"])
            response["X-Page-Cache"] = "miss"
            key, version = key_and_version
            # Plain bytes and headers: much quicker to read back than a pickled response object.
            cache.set(
                key, (version, response.content, dict(response.items())), settings.PUBLIC_PAGE_CACHE_SECONDS
            )
        return response
