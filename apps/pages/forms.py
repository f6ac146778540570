from django import forms

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the site",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        help_text="For example: communities of practice, osteoarthritis, or a person's name.",
        error_messages={
            "max_length": "Your search is too long. Use %(limit_value)d characters or fewer (it has %(show_value)d)."
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "true"}),
    )
