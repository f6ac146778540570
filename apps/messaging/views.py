"""Messages to a group: written by staff under /staff/messages/, by facilitators under their community's
manage pages, and read by members under /me/messages/. Every write is a service; every page checks who
asks."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.communities.models import Community
from apps.communities.permissions import can_manage
from apps.core.forms import add_service_errors
from apps.staff.access import staff_required

from . import selectors, services
from .enums import Audience
from .forms import MessageForm, SendForm, StaffMessageForm
from .models import GroupMessage


@dataclass
class Place:
    """Where the writer works: the staff area, or the manage pages of one community."""

    community: Community | None = None

    def url(self, name: str, message: GroupMessage | None = None) -> str:
        kwargs = {"pk": message.pk} if message is not None else {}
        if self.community is not None:
            return reverse(f"messaging:community_{name}", kwargs={"slug": self.community.slug, **kwargs})
        return reverse(f"messaging:{name}", kwargs=kwargs)

    def form(self, user, *args, **kwargs):
        if self.community is not None:
            return MessageForm(*args, **kwargs)
        return StaffMessageForm(*args, user=user, **kwargs)

    def fields(self, form) -> dict:
        fields = form.message_fields()
        if self.community is not None:
            fields.update(audience=Audience.COMMUNITY, community=self.community)
        return fields


def _staff_place(request) -> Place:
    if not selectors.may_use_staff_messages(request.user):
        raise PermissionDenied("Your role does not include messages to a group.")
    return Place()


def _community_place(request, slug) -> Place:
    community = get_object_or_404(Community, slug=slug)
    if not can_manage(request.user, community):
        raise Http404("No community of yours by that name.")
    return Place(community=community)


def _message(request, place: Place, pk: int) -> GroupMessage:
    if place.community is not None:
        queryset = GroupMessage.objects.filter(audience=Audience.COMMUNITY, community=place.community)
    else:
        queryset = selectors.messages_for_staff(request.user)
    message = queryset.select_related("author", "community", "seminar").filter(pk=pk).first()
    if message is None:
        raise Http404("No message of yours by that number.")
    return message


def _writable(request, place: Place, pk: int) -> GroupMessage:
    message = _message(request, place, pk)
    if not selectors.may_write(request.user, message):
        raise PermissionDenied("You may read this message but not send it.")
    return message


# --- pages ------------------------------------------------------------------------------------


@staff_required
def message_list(request):
    _staff_place(request)
    page = Paginator(selectors.messages_for_staff(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "messaging/list.html", {"page_obj": page, "group_messages": page.object_list})


def _new(request, place: Place):
    form = place.form(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.group_message_create(author=request.user, **place.fields(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(place.url("detail", message))
    return render(request, "messaging/form.html", {"form": form, "place": place, "message": None})


def _edit(request, place: Place, pk: int):
    message = _writable(request, place, pk)
    if message.is_sent:
        return redirect(place.url("detail", message))
    initial = StaffMessageForm.initial_for(message)
    form = place.form(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_message_update(message=message, **place.fields(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(place.url("detail", message))
    return render(request, "messaging/form.html", {"form": form, "place": place, "message": message})


def _detail(request, place: Place, pk: int, *, send_form=None):
    message = _message(request, place, pk)
    context = {
        "message": message,
        "place": place,
        "audience_label": message.audience_label(),
        "may_send": not message.is_sent and selectors.may_write(request.user, message),
        "send_form": send_form or SendForm(),
        "edit_url": place.url("edit", message),
        "test_url": place.url("test", message),
        "send_url": place.url("send", message),
    }
    if message.is_sent:
        context["body_html"] = services.body_html(message)
    else:
        context["preview"] = services.group_message_preview(message=message)
    return render(request, "messaging/detail.html", context)


def _test(request, place: Place, pk: int):
    message = _writable(request, place, pk)
    if message.is_sent:
        return redirect(place.url("detail", message))
    if services.group_message_send_test(message=message, to=request.user):
        messages.success(request, f"A test is on its way to {request.user.email}. Only you will get it.")
    else:
        messages.info(request, "You already have a test of this version. Change the message to test again.")
    return redirect(place.url("detail", message))


def _send(request, place: Place, pk: int):
    message = _writable(request, place, pk)
    if message.is_sent:
        messages.info(request, "This message was already sent. Nobody got it twice.")
        return redirect(place.url("detail", message))
    form = SendForm(request.POST)
    if not form.is_valid():
        return _detail(request, place, pk, send_form=form)
    services.group_message_send(message=message, sent_by=request.user)
    messages.success(
        request,
        f"Your message is on its way to {message.recipients_count} "
        f"{'person' if message.recipients_count == 1 else 'people'}.",
    )
    return redirect(place.url("detail", message))


# --- the staff area ---------------------------------------------------------------------------


@staff_required
def new(request):
    return _new(request, _staff_place(request))


@staff_required
def edit(request, pk):
    return _edit(request, _staff_place(request), pk)


@staff_required
def detail(request, pk):
    return _detail(request, _staff_place(request), pk)


@staff_required
@require_POST
def send_test(request, pk):
    return _test(request, _staff_place(request), pk)


@staff_required
@require_POST
def send(request, pk):
    return _send(request, _staff_place(request), pk)


# --- a community's facilitators -----------------------------------------------------------------


@login_required
def community_new(request, slug):
    return _new(request, _community_place(request, slug))


@login_required
def community_edit(request, slug, pk):
    return _edit(request, _community_place(request, slug), pk)


@login_required
def community_detail(request, slug, pk):
    return _detail(request, _community_place(request, slug), pk)


@login_required
@require_POST
def community_send_test(request, slug, pk):
    return _test(request, _community_place(request, slug), pk)


@login_required
@require_POST
def community_send(request, slug, pk):
    return _send(request, _community_place(request, slug), pk)


# --- a member's own messages ----------------------------------------------------------------------


@login_required
def me_list(request):
    page = Paginator(selectors.messages_received_by(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "messaging/me_list.html", {"page_obj": page, "group_messages": page.object_list})


@login_required
def me_detail(request, pk):
    message = selectors.messages_received_by(request.user).filter(pk=pk).first()
    if message is None:
        raise Http404("No message to you by that number.")
    return render(
        request,
        "messaging/me_detail.html",
        {
            "message": message,
            "body_html": services.body_html(message),
            "from_label": services.from_label(message),
        },
    )
