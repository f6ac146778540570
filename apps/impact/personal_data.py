"""What the impact log holds about a member: the entries they took part in and their choices."""

from .models import Contribution
from .selectors import hear_about_for
from .services import member_impact_erase


def export_personal_data(user) -> dict:
    contributions = Contribution.objects.filter(user=user).select_related("entry").order_by("pk")
    return {
        "how_we_tell_you": hear_about_for(user),
        "took_part_in": [
            {
                "entry": contribution.entry.title,
                "date": contribution.entry.happened_on.isoformat(),
                "published": contribution.entry.is_published,
                "your_name_is_shown": contribution.named,
            }
            for contribution in contributions
        ],
    }


def erase_personal_data(user) -> None:
    member_impact_erase(user=user)
