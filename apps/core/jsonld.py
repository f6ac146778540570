"""JSON-LD for a page's <script type="application/ld+json">: structured data search engines read."""

import json

from django.utils.html import _json_script_escapes


def json_ld(data: dict) -> str:
    """The data as JSON, escaped like Django's json_script so no text in it can close the <script>."""
    return json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
