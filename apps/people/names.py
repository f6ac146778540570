"""How a person with an account is named on public pages (and in feeds, search results and JSON-LD).

`str(user)`, `get_full_name()` and `get_short_name()` fall back to the email address when there is no
display name: right for staff in the admin, never for the public. Public pages name an account holder
only through `public_name`.
"""

UNNAMED = "A member"


def public_name(user, default: str = UNNAMED) -> str:
    """Their display name, else the name of their listed profile, else `default`; never an email address.

    A display name that holds an address (someone typed theirs) counts as none. Reads `user.profile` only
    when there is no display name (select it with the user to save a query).
    """
    if user is None:
        return default
    display_name = (user.display_name or "").strip()
    if display_name and "@" not in display_name:
        return display_name
    profile_name = _listed_profile_name(user).strip()
    if profile_name and "@" not in profile_name:
        return profile_name
    return default


def _listed_profile_name(user) -> str:
    profile = getattr(user, "profile", None)  # the reverse one-to-one raises an AttributeError when absent
    return profile.name if profile is not None and profile.is_listed else ""
