from apps.core.contracts import ProfileSection

from .selectors import publications_for_profile


def sections(profile) -> list[ProfileSection]:
    publications = publications_for_profile(profile)
    if not publications:
        return []
    return [
        ProfileSection(
            title="Publications",
            template="publications/includes/profile_section.html",
            context={"publications": publications, "profile": profile},
            order=30,
        )
    ]
