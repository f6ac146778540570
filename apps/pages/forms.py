from django import forms

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search the site",
        # Required only so the label does not say "(optional)": an empty search is never bound (see the view).
        max_length=MAX_QUERY_LENGTH,
        strip=True,
        help_text="For example: communities of practice, osteoarthritis, or a person's name.",
        error_messages={
            "max_length": (
                "Your search is too long. Use %(limit_value)d characters or fewer (it has %(show_value)d)."
            )
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "true"}),
    )
