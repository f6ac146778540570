from django import template

register = template.Library()


@register.inclusion_tag("core/includes/pagination.html", takes_context=True)
def pagination(context, page, param="page", label="Pages", previous="Previous page", following="Next page"):
    """Previous/next links for a page of a list, keeping the rest of the query string.

    `param` names the page in the address, so one page can hold two lists (upcoming and past seminars).
    """

    def link(number):
        query = context["request"].GET.copy()
        query[param] = number
        return f"?{query.urlencode()}"

    return {
        "page": page,
        "label": label,
        "previous": previous,
        "following": following,
        "previous_url": link(page.previous_page_number()) if page.has_previous() else "",
        "next_url": link(page.next_page_number()) if page.has_next() else "",
    }
