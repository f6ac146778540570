"""A person's public profile page is assembled from sections that other apps offer.

An app offers sections by defining `apps/<app>/profile_sections.py` with a function
`sections(profile) -> list[ProfileSection]` (their communities, publications, seminar talks).
"""

from dataclasses import dataclass, field

from apps.core.plugins import app_modules


@dataclass(frozen=True)
class ProfileSection:
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def profile_sections(profile) -> list[ProfileSection]:
    collected = []
    for module in app_modules("profile_sections"):
        if module.__name__ == __name__:
            continue
        collected.extend(module.sections(profile))
    return sorted(collected, key=lambda section: section.order)
