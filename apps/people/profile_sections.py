"""A person's public profile page is assembled from sections that other apps offer.

An app offers sections by defining `apps/<app>/profile_sections.py` with a function
`sections(profile) -> list[ProfileSection]` (their communities, publications, seminar talks).
"""

from apps.core.contracts import ProfileSection
from apps.core.plugins import collect_blocks


def profile_sections(profile) -> list[ProfileSection]:
    return collect_blocks("profile_sections", "sections", profile)
