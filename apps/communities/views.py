import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from apps.accounts.reauthentication import require_recent_authentication
from apps.accounts.second_factor import has_second_factor
from apps.core.exports import csv_row
from apps.core.forms import add_service_errors
from apps.core.limits import public_form_submitted
from apps.core.lists import FilteredListView
from apps.core.plugins import page_sections

from . import meeting_services, selectors, services
from .calendar import calendar_for
from .enums import PUBLIC_ROLES, JoinRequestStatus, MembershipStatus
from .filters import CommunityFilter
from .forms import (
    AttendanceForm,
    JoinForm,
    MeetingForm,
    NamedPubliclyForm,
    OutputForm,
    PaperForm,
    RemoveMemberForm,
    RoleForm,
    RsvpForm,
    VisitorJoinForm,
)
from .models import CalendarFeed, Community, JoinRequest, Meeting, MeetingPaper, Membership
from .permissions import can_manage, can_remove, is_member, is_staff_manager, member_name, membership_of


def _messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def _bound(request) -> tuple:
    """Form data only for a POST (an empty POST still binds: e.g. nobody ticked in attendance)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _active_community(slug: str) -> Community:
    return get_object_or_404(Community.objects.filter(is_active=True), slug=slug)


def _managed_community(request, slug: str) -> Community:
    """The community, if the signed-in user manages it; 404 for anyone else (no hint it is there)."""
    community = get_object_or_404(Community, slug=slug)
    if not can_manage(request.user, community):
        raise Http404("No community of yours by that name.")
    return community


class CommunityListView(FilteredListView):
    template_name = "communities/community_list.html"
    context_object_name = "communities"
    filterset_class = CommunityFilter
    paginate_by = 20

    def get_base_queryset(self):
        return selectors.communities_active()


def community_detail(request, slug):
    community = get_object_or_404(selectors.communities_active(), slug=slug)
    membership = membership_of(request.user, community)
    member = is_member(request.user, community, membership)
    now = timezone.now()
    context = {
        "community": community,
        "membership": membership,
        "is_member": member,
        "can_manage": can_manage(request.user, community, membership),
        "role_counts": selectors.community_role_counts(community),
        "public_people": selectors.community_public_people(community),
        "upcoming": list(selectors.meetings_upcoming(community, now=now)),
        "past": selectors.meetings_past(community, now=now),
        "outputs": list(selectors.outputs_of_community(community)),
        "join_form": JoinForm(),
        # A facilitator or knowledge broker chooses here whether the public sees their name.
        "may_be_named": bool(membership and membership.is_approved and membership.role in PUBLIC_ROLES),
        # What other apps add about it (the stories of what it changed), without importing them.
        "page_sections": page_sections(community, request),
    }
    return render(request, "communities/community_detail.html", context)


def meeting_detail(request, slug, pk):
    community = _active_community(slug)
    meeting = get_object_or_404(
        selectors.meeting_with_counts(Meeting.objects.filter(community=community)), pk=pk
    )
    membership = membership_of(request.user, community)
    member = is_member(request.user, community, membership)
    my_rsvp = None
    if membership and membership.is_approved:
        my_rsvp = meeting.rsvps.filter(user=request.user).first()
    manager = can_manage(request.user, community, membership)
    context = {
        "community": community,
        "meeting": meeting,
        "membership": membership,
        "is_member": member,
        "can_manage": manager,
        "papers": list(meeting.papers.all()) if member else [],
        "my_rsvp": my_rsvp,
        "rsvp_open": not meeting.cancelled and timezone.now() < meeting.start,
        "rsvp_form": RsvpForm(initial={"answer": my_rsvp.answer if my_rsvp else None}),
        "has_started": timezone.now() >= meeting.start,
    }
    return render(request, "communities/meeting_detail.html", context)


@login_required
def meeting_ics(request, slug, pk):
    community = _active_community(slug)
    meeting = get_object_or_404(Meeting.objects.select_related("community"), community=community, pk=pk)
    if not is_member(request.user, community):
        raise Http404("Only members can download this meeting.")
    body = calendar_for([meeting], name=community.name, include_join_link=True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@login_required
def paper_download(request, slug, pk, paper_pk):
    community = _active_community(slug)
    paper = get_object_or_404(MeetingPaper, pk=paper_pk, meeting__pk=pk, meeting__community=community)
    if not is_member(request.user, community):
        # The same answer as for a paper that does not exist: nothing to learn by guessing.
        raise Http404("No such paper.")
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The file is missing.") from missing
    response = FileResponse(handle, as_attachment=True, filename=paper.file.name.rsplit("/", 1)[-1])
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def join(request, slug):
    community = _active_community(slug)
    form = JoinForm(*_bound(request)[:1])
    if request.method == "POST" and form.is_valid():
        try:
            membership, _ = services.membership_request(
                community=community, user=request.user, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if membership.status == MembershipStatus.APPROVED:
                messages.info(request, f"You are already a member of {community.name}.")
            else:
                messages.success(
                    request,
                    f"Thank you. We have passed your request to the facilitators of {community.name}.",
                )
            return redirect(community)
    return render(request, "communities/join.html", {"community": community, "form": form})


# --- asking to join without an account ---------------------------------------------------------


RATE_SCOPE = "communities:join-requests"


def visitor_request(request, slug):
    """The form for people without an account. Signed-in people use the one-click request instead."""
    community = _active_community(slug)
    if request.user.is_authenticated:
        return redirect("communities:join", slug=community.slug)
    form = VisitorJoinForm(*_bound(request)[:1])
    submitted = public_form_submitted(
        request, form, scope=RATE_SCOPE, limit=settings.COMMUNITIES_JOIN_REQUEST_RATE_LIMIT, what="requests"
    )
    if submitted.by_bot:  # thank it and store nothing
        return redirect("communities:visitor_request_thanks", slug=community.slug)
    if submitted.accepted:
        data = form.cleaned_data
        try:
            services.join_request_submit(
                community=community,
                name=data["name"],
                email=data["email"],
                role=data["role"],
                organisation=data["organisation"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("communities:visitor_request_thanks", slug=community.slug)
    context = {"community": community, "form": form}
    return render(request, "communities/visitor_request.html", context, status=submitted.status)


def visitor_request_thanks(request, slug):
    community = _active_community(slug)
    return render(request, "communities/visitor_request_thanks.html", {"community": community})


@login_required
@require_POST
def named_publicly(request, slug):
    """The member's own choice: name me (as facilitator or knowledge broker) on this public page, or not."""
    community = _active_community(slug)
    membership = membership_of(request.user, community)
    if membership is None or not membership.is_approved:
        raise Http404("You are not a member of this community.")
    form = NamedPubliclyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to show your name.")
        return redirect(community)
    named = form.cleaned_data["named"]
    services.membership_set_named(membership=membership, user=request.user, named=named)
    if named:
        messages.success(request, "Your name is now shown on this community's page.")
    else:
        messages.success(request, "Your name is no longer shown on this community's page.")
    return redirect(community)


@login_required
@require_POST
def leave(request, slug):
    community = _active_community(slug)
    services.membership_leave(community=community, user=request.user)
    messages.success(request, f"You have left {community.name}.")
    return redirect(community)


@login_required
@require_POST
def rsvp(request, slug, pk):
    community = _active_community(slug)
    meeting = get_object_or_404(Meeting, community=community, pk=pk)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose going, maybe or not going.")
        return redirect(meeting)
    try:
        answer = meeting_services.rsvp_set(
            meeting=meeting, user=request.user, answer=form.cleaned_data["answer"]
        )
    except PermissionDenied:
        raise Http404("No such meeting for you.") from None
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        messages.success(request, f"Thank you. Your reply: {answer.get_answer_display().lower()}.")
    return redirect(meeting)


# --- the member's calendar feed ----------------------------------------------------------------


@login_required
def calendar_page(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    if request.method == "POST":
        if "revoke" in request.POST:
            feed = services.calendar_feed_revoke(user=request.user)
            messages.success(request, "Your old calendar link no longer works. Here is your new one.")
        else:
            feed = services.calendar_feed_get_or_create(user=request.user)
        return redirect("communities:calendar")
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(request, "communities/calendar.html", {"feed": feed, "feed_url": feed_url})


def calendar_feed(request, token):
    feed = selectors.calendar_feed_for_token(token)
    if feed is None:
        raise Http404("No such calendar.")
    meetings = selectors.meetings_for_user(feed.user)
    body = calendar_for(meetings, name="My communities of practice", include_join_link=True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


# --- management by facilitators and staff ------------------------------------------------------


@login_required
def manage(request, slug):
    community = _managed_community(request, slug)
    memberships = list(selectors.memberships_for_management(community))
    staff = is_staff_manager(request.user)
    context = {
        "community": community,
        "requests": [m for m in memberships if m.status == MembershipStatus.REQUESTED],
        "visitor_requests_waiting": selectors.join_requests_pending(community).count(),
        "members": [
            (
                m,
                RoleForm(initial={"role": m.role}, prefix=f"member-{m.pk}", may_appoint_facilitators=staff),
                # A facilitator removes members, never a facilitator (the unit appoints them); staff anyone.
                can_remove(request.user, m),
            )
            for m in memberships
            if m.status == MembershipStatus.APPROVED
        ],
        # Facilitators are appointed by the unit's staff: a facilitator changes the other roles only.
        "may_appoint_facilitators": staff,
        "meetings": list(
            selectors.meeting_with_counts(Meeting.objects.filter(community=community)).order_by("-start")
        ),
        "outputs": list(selectors.outputs_of_community(community)),
        "now": timezone.now(),
        # A facilitator is a member, not staff: they see names and roles; only the unit's staff who
        # manage communities see email addresses (many members are patients or members of the public).
        "show_emails": staff,
        # Facilitators see visitors' names, emails and reasons: two-factor sign-in is encouraged.
        "suggest_two_factor": not has_second_factor(request.user),
    }
    return render(request, "communities/manage.html", context)


@login_required
@require_POST
def membership_decide(request, slug, membership_pk, decision):
    if decision not in ("approve", "decline"):
        raise Http404("Unknown decision.")
    community = _managed_community(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "community"), community=community, pk=membership_pk
    )
    service = services.membership_approve if decision == "approve" else services.membership_decline
    try:
        service(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        verb = "approved" if decision == "approve" else "declined"
        messages.success(
            request, f"You {verb} the request of {member_name(membership.user)}. We have emailed them."
        )
    return redirect("communities:manage", slug=community.slug)


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request, slug, membership_pk):
    """GET asks "are you sure?" with room for a personal note; POST ends the membership and emails them."""
    community = _managed_community(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "community"),
        community=community,
        pk=membership_pk,
        status=MembershipStatus.APPROVED,
    )
    if not can_remove(request.user, membership):
        raise Http404("You cannot remove this member.")
    form = RemoveMemberForm(*_bound(request)[:1])
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_remove(
                membership=membership, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{member_name(membership.user)} is no longer a member of {community.name}. "
                "We have emailed them.",
            )
            return redirect("communities:manage", slug=community.slug)
    context = {"community": community, "membership": membership, "form": form}
    return render(request, "communities/membership_remove_confirm.html", context)


@login_required
def join_requests(request, slug):
    """Requests from people without an account: the facilitator reads each and decides."""
    community = _managed_community(request, slug)
    context = {
        "community": community,
        "pending": list(selectors.join_requests_pending(community)),
        "decided": list(selectors.join_requests_decided(community)),
    }
    return render(request, "communities/join_requests.html", context)


@login_required
@require_POST
def join_request_decide(request, slug, pk, decision):
    if decision not in ("approve", "decline"):
        raise Http404("Unknown decision.")
    community = _managed_community(request, slug)
    join_request = get_object_or_404(JoinRequest, community=community, pk=pk)
    service = services.join_request_approve if decision == "approve" else services.join_request_decline
    try:
        join_request = service(join_request=join_request, actor=request.user)
    except ValidationError as error:
        messages.error(request, _messages_of(error))
    else:
        if join_request.status == JoinRequestStatus.APPROVED:
            text = f"{join_request.name} is now a member. We have emailed them how to sign in."
        else:
            text = f"You declined the request of {join_request.name}. We have emailed them kindly."
        messages.success(request, text)
    return redirect("communities:join_requests", slug=community.slug)


@login_required
@require_POST
def membership_role(request, slug, membership_pk):
    community = _managed_community(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "community"), community=community, pk=membership_pk
    )
    form = RoleForm(request.POST, may_appoint_facilitators=is_staff_manager(request.user))
    if not form.is_valid():
        messages.error(request, "Choose one of the roles.")
        return redirect("communities:manage", slug=community.slug)
    try:
        services.membership_set_role(
            membership=membership, actor=request.user, role=form.cleaned_data["role"]
        )
    except PermissionDenied as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, f"{member_name(membership.user)} is now: {membership.get_role_display().lower()}."
        )
    return redirect("communities:manage", slug=community.slug)


@login_required
def meeting_edit(request, slug, pk=None):
    community = _managed_community(request, slug)
    meeting = get_object_or_404(Meeting, community=community, pk=pk) if pk else None
    form = MeetingForm(*_bound(request)[:1], instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if meeting is None:
                meeting = meeting_services.meeting_create(community=community, actor=request.user, **data)
                messages.success(request, "The meeting is added.")
            else:
                meeting_services.meeting_update(meeting=meeting, actor=request.user, **data)
                messages.success(request, "The meeting is updated.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("communities:manage", slug=community.slug)
    return render(
        request, "communities/meeting_form.html", {"community": community, "meeting": meeting, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request, slug, pk):
    """GET asks "are you sure?"; POST cancels and tells the members."""
    community = _managed_community(request, slug)
    meeting = get_object_or_404(Meeting, community=community, pk=pk)
    if request.method == "GET":
        context = {"community": community, "meeting": meeting}
        return render(request, "communities/meeting_cancel_confirm.html", context)
    meeting_services.meeting_cancel(meeting=meeting, actor=request.user)
    messages.success(
        request, f"“{meeting.title}” is cancelled. Members have been emailed and their calendars will update."
    )
    return redirect("communities:manage", slug=community.slug)


@login_required
def paper_add(request, slug, pk):
    community = _managed_community(request, slug)
    meeting = get_object_or_404(Meeting, community=community, pk=pk)
    form = PaperForm(*_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.meeting_paper_add(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "The paper is added. Only members can open it. We are emailing them to say it is there.",
            )
            return redirect(meeting)
    return render(
        request, "communities/paper_form.html", {"community": community, "meeting": meeting, "form": form}
    )


@login_required
@require_POST
def paper_delete(request, slug, pk, paper_pk):
    community = _managed_community(request, slug)
    paper = get_object_or_404(
        MeetingPaper.objects.select_related("meeting__community"),
        pk=paper_pk,
        meeting__pk=pk,
        meeting__community=community,
    )
    meeting_services.meeting_paper_delete(paper=paper, actor=request.user)
    messages.success(request, f"“{paper.title}” is removed.")
    return redirect(paper.meeting)


@login_required
def attendance(request, slug, pk):
    community = _managed_community(request, slug)
    meeting = get_object_or_404(Meeting, community=community, pk=pk)
    # Those who were members when the meeting started, not someone who joined after.
    members = list(selectors.memberships_for_attendance(meeting))
    recorded = [str(user_id) for user_id in meeting.attendances.values_list("user_id", flat=True)]
    rsvps = list(meeting.rsvps.select_related("user").order_by("answer", "user__display_name"))
    form = AttendanceForm(*_bound(request)[:1], members=members, initial={"attended": recorded})
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.attendance_record(
                meeting=meeting,
                actor=request.user,
                user_ids=[int(value) for value in form.cleaned_data["attended"]],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Attendance is saved.")
            return redirect("communities:manage", slug=community.slug)
    context = {
        "community": community,
        "meeting": meeting,
        "form": form,
        "rsvps": rsvps,
        "has_started": timezone.now() >= meeting.start,
    }
    return render(request, "communities/attendance_form.html", context)


@login_required
def attendance_csv(request, slug, pk):
    """Who came to a meeting, as a spreadsheet. Names as facilitators see them; staff who manage
    communities also get email addresses. Personal data: they confirm it's them first."""
    community = _managed_community(request, slug)  # everyone else is refused before being asked
    meeting = get_object_or_404(Meeting, community=community, pk=pk)
    require_recent_authentication(request)
    with_emails = is_staff_manager(request.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"attendance-{community.slug}-{timezone.localtime(meeting.start):%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    email_column = ["email"] if with_emails else []
    writer.writerow(["community", "meeting", "start", "name", *email_column, "role"])
    start = timezone.localtime(meeting.start).strftime("%Y-%m-%d %H:%M")
    for attendance, role in selectors.attendance_for_export(meeting):
        email = [attendance.user.email] if with_emails else []
        writer.writerow(
            csv_row([community.name, meeting.title, start, member_name(attendance.user), *email, role])
        )
    if meeting.anonymous_attendance:
        erased = f"{meeting.anonymous_attendance} more whose details were erased"
        blank = [""] if with_emails else []
        writer.writerow(csv_row([community.name, meeting.title, start, erased, *blank, ""]))
    return response


@login_required
def output_add(request, slug):
    community = _managed_community(request, slug)
    form = OutputForm(*_bound(request)[:1])
    if request.method == "POST" and form.is_valid():
        try:
            services.output_create(community=community, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The output is added to the community page.")
            return redirect("communities:manage", slug=community.slug)
    return render(request, "communities/output_form.html", {"community": community, "form": form})
