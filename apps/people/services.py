from django.db import transaction

from .models import Profile


@transaction.atomic
def profile_erase(*, profile: Profile) -> Profile:
    """Take a profile off the public pages and clear what it says about the person.

    The record stays (unlinked and unlisted) because publications may name them as an author.
    """
    if profile.photo:
        profile.photo.delete(save=False)
    profile.user = None
    profile.is_listed = False
    profile.clinical_base = profile.employer = profile.time_split = ""
    profile.wider_roles = profile.orcid = profile.photo_alt_text = profile.biography = ""
    profile.photo = ""
    profile.full_clean()
    profile.save()
    profile.expertise.clear()
    # The history keeps who changed the profile and when, but no longer what it used to say.
    Profile.history.filter(id=profile.pk).update(
        user=None,
        clinical_base="",
        employer="",
        time_split="",
        wider_roles="",
        orcid="",
        photo_alt_text="",
        biography="",
        photo="",
    )
    return profile
