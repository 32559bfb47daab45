"""The platform's views that call a block, reproduced over the fake runtimes of ``runtimes.py``.

Each view names the view of ``openedx/openedx-platform`` it mirrors; what a
person is comes from ``?student=`` as in the workbench (empty: anonymous).
"""

from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt, ensure_csrf_cookie
from xblock.django.request import django_to_webob_request, webob_to_django_response
from xblock.exceptions import NoSuchHandlerError, NoSuchUsage

from .runtimes import RUNTIMES, user_for


def _signed_in(request):
    return user_for(request.GET.get("student", "")).is_authenticated


def _block(platform, usage_id, student):
    try:
        runtime = RUNTIMES[platform](student)
        return runtime.get_block(usage_id)
    except (KeyError, NoSuchUsage) as error:
        raise Http404 from error


def _handle(request, platform, usage_id, handler, suffix):
    block = _block(platform, usage_id, request.GET.get("student", ""))
    webob_request = django_to_webob_request(request)
    try:
        response = block.handle(handler, webob_request, suffix or "")
    except NoSuchHandlerError as error:
        raise Http404 from error
    block.save()
    return webob_to_django_response(response)


@csrf_exempt
@transaction.non_atomic_requests
def lms_handler(request, usage_id, handler, suffix=""):
    """lms/djangoapps/courseware/block_render.py ``handle_xblock_callback``.

    CSRF-exempt, but checks the token itself for a signed-in person; anything
    but GET from an anonymous visitor is refused (403 "Unauthenticated", not
    JSON); runs outside a transaction (``non_atomic_requests``).
    """
    if _signed_in(request):
        error = CsrfViewMiddleware(get_response=lambda request: None).process_view(request, None, (), {})
        if error:
            return error
    elif request.method != "GET":
        return HttpResponseForbidden("Unauthenticated")
    return _handle(request, "lms", usage_id, handler, suffix)


@csrf_exempt
@transaction.non_atomic_requests
def lms_handler_noauth(request, usage_id, handler, suffix=""):
    """lms/djangoapps/courseware/block_render.py ``handle_xblock_callback_noauth``: CSRF-exempt, any method,
    the request's user is whoever the cookies say (for a calendar application: nobody), ``known = False``."""
    return _handle(request, "lms", usage_id, handler, suffix)


def _login_required(view):
    """``django.contrib.auth.decorators.login_required`` (an anonymous visitor is sent to sign in), then
    Studio's ``CsrfViewMiddleware`` (these views are not CSRF-exempt)."""

    def wrapped(request, *args, **kwargs):
        if not _signed_in(request):
            return HttpResponseRedirect("/login?next=" + request.path)
        error = CsrfViewMiddleware(get_response=lambda request: None).process_view(request, view, args, kwargs)
        if error:
            return error
        return view(request, *args, **kwargs)

    return wrapped


@_login_required
def studio_handler(request, usage_id, handler, suffix=""):
    """cms/djangoapps/contentstore/views/component.py ``component_handler`` (login required, CSRF by
    Studio's middleware); the services are ``load_services_for_studio``'s."""
    return _handle(request, "studio", usage_id, handler, suffix)


@_login_required
def preview_handler(request, usage_id, handler, suffix=""):
    """cms/djangoapps/contentstore/views/preview.py ``preview_handler`` (login required)."""
    return _handle(request, "preview", usage_id, handler, suffix)


@csrf_exempt
def library_handler(request, usage_id, handler, suffix=""):
    """openedx/core/djangoapps/xblock/rest_api/views.py ``xblock_handler``: CSRF-exempt (a secure
    token in the URL names the user: a user id, or ``anon…`` for an anonymous visitor)."""
    return _handle(request, "library", usage_id, handler, suffix)


HANDLERS = {"lms": lms_handler, "studio": studio_handler, "preview": preview_handler, "library": library_handler}


@csrf_exempt  # each platform's view decides, as above
def handler(request, platform, usage_id, handler_name, suffix=""):
    """Route to the platform's own handler view."""
    if platform not in HANDLERS:
        raise Http404
    return HANDLERS[platform](request, usage_id, handler_name, suffix)


@ensure_csrf_cookie
def view(request, platform, usage_id, view_name):
    """Render ``view_name`` of the block as the platform does for a page (the fragment's HTML).

    Learning Core renders only ``public_view`` for an anonymous visitor
    (``XBlockRuntime.render`` raises PermissionDenied otherwise): 403 here.
    """
    student = request.GET.get("student", "")
    if platform == "library" and not _signed_in(request) and view_name != "public_view":
        return HttpResponseForbidden()
    if platform in ("studio", "preview") and not _signed_in(request):
        return HttpResponseRedirect("/login?next=" + request.path)
    block = _block(platform, usage_id, student)
    fragment = block.runtime.render(block, view_name)
    block.save()
    # The page as the platform sends it: the fragment's head resources, its HTML, then its scripts.
    return HttpResponse(f"<!DOCTYPE html><html><head>{fragment.head_html()}</head>"
                        f"<body>{fragment.body_html()}{fragment.foot_html()}</body></html>")
