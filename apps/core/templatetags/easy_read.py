"""Easy-read emails: `{% load easy_read %}{% point "date" %}Wednesday 4 June.{% endpoint %}`.

Each point is a row of a two-column table (the layout mail programs keep): the picture on the left, as an
inline image with its alt text (apps/core/easy_read.py), the words on the right in large text.
"""

from django import template
from django.utils.html import format_html
from django.utils.timezone import is_aware, localtime

from apps.core.easy_read import ICON_PIXELS, ICONS, icon_cid

register = template.Library()

# At least 14 point (about 19 pixels) as easy-read guidance asks; large print is larger still.
EASY_READ_PIXELS = 20
LARGE_PRINT_PIXELS = 24


@register.tag
def point(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError('{% point "icon" %} takes the name of one picture.')
    nodelist = parser.parse(("endpoint",))
    parser.delete_first_token()
    return PointNode(parser.compile_filter(bits[1]), nodelist)


class PointNode(template.Node):
    def __init__(self, icon, nodelist):
        self.icon = icon
        self.nodelist = nodelist

    def render(self, context):
        name = self.icon.resolve(context)
        return format_html(
            '<tr><td class="easy-read-picture" width="{width}" valign="top" style="width: {width}px; '
            'padding: 0 16px 20px 0; vertical-align: top;">'
            '<img src="cid:{cid}" width="{size}" height="{size}" alt="{alt}" '
            'style="display: block; width: {size}px; height: {size}px; border: 0;"></td>'
            '<td class="easy-read-words" valign="top" style="padding: 0 0 20px 0; vertical-align: top; '
            'font-size: {font}px; line-height: 1.5;">{words}</td></tr>',
            width=ICON_PIXELS + 16,
            size=ICON_PIXELS,
            cid=icon_cid(name),
            alt=ICONS[name],
            font=LARGE_PRINT_PIXELS if context.get("large_print") else EASY_READ_PIXELS,
            words=self.nodelist.render(context),
        )


@register.filter
def easy_time(value) -> str:
    """ "2pm", "10:30am": the clock as people say it (no full stops, which would end a sentence)."""
    if not value:
        return ""
    value = localtime(value) if is_aware(value) else value
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter
def easy_date(value) -> str:
    """ "Wednesday 4 June 2025": the day's name first, the month in full, no numbers to decode."""
    if not value:
        return ""
    if hasattr(value, "hour") and is_aware(value):
        value = localtime(value)
    return f"{value:%A} {value.day} {value:%B %Y}"
