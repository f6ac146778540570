"""Money as people read it: `{% load money %}{{ amount|money }}` gives "£297.80".

One filter for every page and email, so no amount is shown with the database's stray digits
("297.800000000000"). Spreadsheets get plain numbers instead (`plain_money`)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

register = template.Library()
PENNY = Decimal("0.01")


def plain_money(value) -> str:
    """The amount with two decimals and no sign: "297.80" (empty for no amount)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(PENNY, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        return ""
    return f"{amount:.2f}"


def format_money(value) -> str:
    """ "£1,297.80"; a negative amount as "-£5.00"; nothing for no amount."""
    plain = plain_money(value)
    if not plain:
        return ""
    amount = Decimal(plain)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


@register.filter(name="money")
def money(value) -> str:
    return format_money(value)
