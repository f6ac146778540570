from django import forms

from .enums import DigestFrequency


class DigestPreferenceForm(forms.Form):
    digest_frequency = forms.ChoiceField(
        label="How often would you like a round-up of news by email?",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        help_text="Reminders about meetings and events you have said you will come to are sent either way.",
    )
