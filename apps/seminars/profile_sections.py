from apps.core.contracts import ProfileSection

from .models import Speaker


def sections(profile) -> list[ProfileSection]:
    """The seminars a person spoke at, newest first."""
    talks = list(
        Speaker.objects.filter(profile=profile, seminar__is_published=True)
        .select_related("seminar")
        .order_by("-seminar__starts_at")
    )
    if not talks:
        return []
    return [
        ProfileSection(
            title="Seminar talks",
            template="seminars/includes/profile_talks.html",
            context={"talks": talks},
            order=60,
        )
    ]
