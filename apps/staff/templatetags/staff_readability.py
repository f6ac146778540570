"""`{% load staff_readability %}{% letters_to_fix request.user %}`: the letters on /staff/readability/."""

from django import template

from apps.core.easy_read import EASY_READ_TARGET_AGE, MEMBER_LETTER_TARGET_AGE

from ..readability import LETTERS, letters_above_target

register = template.Library()


@register.inclusion_tag("staff/includes/letters_to_fix.html")
def letters_to_fix(user):
    """Members' letters above their aim, with what to fix, for staff who write to members."""
    return {
        "may_see_letters": user.has_perm(LETTERS.change_permission),
        "letters": letters_above_target(user),
        "letter_target": MEMBER_LETTER_TARGET_AGE,
        "easy_read_target": EASY_READ_TARGET_AGE,
    }
