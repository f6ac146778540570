"""What the people app holds about a user: the public profile linked to their account, if any."""

from .models import Profile


def export_personal_data(user) -> dict:
    profile = Profile.objects.filter(user=user).prefetch_related("roles", "expertise").first()
    if profile is None:
        return {}
    return {
        "profile": {
            "name": profile.name,
            "listed_publicly": profile.is_listed,
            "profession": profile.profession,
            "clinical_base": profile.clinical_base,
            "employer": profile.employer,
            "time_split": profile.time_split,
            "expertise": [area.name for area in profile.expertise.all()],
            "wider_roles": profile.wider_roles,
            "orcid": profile.orcid,
            "biography": profile.biography,
            "has_photo": bool(profile.photo),
            "roles": [
                {
                    "role": role.get_role_display(),
                    "term_start": role.term_start.isoformat() if role.term_start else None,
                    "term_end": role.term_end.isoformat() if role.term_end else None,
                }
                for role in profile.roles.all()
            ],
        }
    }


def erase_personal_data(user) -> None:
    """Unlist the profile and remove personal details. The name stays on published authorship only."""
    from .services import profile_erase

    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        profile_erase(profile=profile)
