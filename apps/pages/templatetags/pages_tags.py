import html

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.html import escape, strip_tags

register = template.Library()


class ReuseBlockNode(template.Node):
    def __init__(self, name: str, default: template.base.FilterExpression | None):
        self.name = name
        self.default = default

    def render(self, context):
        block_context = context.render_context.get(BLOCK_CONTEXT_KEY)
        block = block_context.get_block(self.name) if block_context is not None else None
        text = ""
        if block is not None:
            # BlockNode.render takes the most specific version of the block, with {{ block.super }} working.
            text = block.render(context).strip()
        if not text and self.default is not None:
            text = str(self.default.resolve(context))
        # Plain text, escaped once, whatever the block held: it goes inside an attribute.
        return escape(" ".join(html.unescape(strip_tags(text)).split()))


@register.tag
def reuse_block(parser, token):
    """Render a block of the page a second time: `{% reuse_block "head_title" default site_name %}`.

    base.html fills the Open Graph title and description from the page's own title and meta
    description, so every page that names itself is also named correctly when it is shared.
    """
    bits = token.split_contents()
    if len(bits) not in (2, 4) or (len(bits) == 4 and bits[2] != "default"):
        raise template.TemplateSyntaxError('Usage: {% reuse_block "name" [default value] %}')
    name = bits[1].strip("\"'")
    default = parser.compile_filter(bits[3]) if len(bits) == 4 else None
    return ReuseBlockNode(name, default)
