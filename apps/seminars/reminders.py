"""What the notifications app reminds people about: seminars and the people with a confirmed place."""

from django.db.models import Prefetch

from apps.accounts.models import User
from apps.core.contracts import Attendee, Occasion
from apps.core.key_links import key_link

from . import tokens
from .enums import RegistrationStatus
from .models import Registration, Seminar


def occasions_between(*, start, end) -> list[Occasion]:
    """Seminars starting in [start, end) that go ahead, with their confirmed registrants. Three queries."""
    seminars = list(
        Seminar.objects.filter(is_published=True, cancelled=False, starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
        .prefetch_related(
            Prefetch(
                "registrations",
                queryset=Registration.objects.filter(status=RegistrationStatus.CONFIRMED).order_by(
                    "created_at"
                ),
                to_attr="confirmed_registrations",
            )
        )
    )
    emails = {registration.email for seminar in seminars for registration in seminar.confirmed_registrations}
    user_ids = dict(User.objects.filter(email__in=emails).values_list("email", "pk")) if emails else {}
    occasions = []
    for seminar in seminars:
        attendees = [
            Attendee(
                email=registration.email,
                name=registration.name,
                user_id=user_ids.get(registration.email),
                may_see_join_link=True,  # only confirmed registrants are here
                change_url=key_link(tokens.CANCEL, registration.pk),
            )
            for registration in seminar.confirmed_registrations
        ]
        occasions.append(
            Occasion(
                source="seminar",
                obj=seminar,
                title=seminar.title,
                starts_at=seminar.starts_at,
                ends_at=seminar.ends_at,
                url=seminar.get_absolute_url(),
                attendees=attendees,
                where=seminar.where,
                mode=seminar.mode,
                join_link=seminar.join_link,
                uid=seminar.uid,
                sequence=seminar.sequence,
                cancelled=seminar.cancelled,
            )
        )
    return occasions
