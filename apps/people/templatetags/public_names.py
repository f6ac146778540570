from django import template

from apps.people.names import UNNAMED
from apps.people.names import public_name as name_for_the_public

register = template.Library()


@register.filter
def public_name(user, default: str = UNNAMED) -> str:
    """`{{ membership.user|public_name:"A member of the unit" }}`: see apps.people.names.public_name."""
    return name_for_the_public(user, default)
