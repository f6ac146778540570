from django import forms

from .enums import HearAbout


class PreferenceForm(forms.Form):
    hear_about = forms.ChoiceField(
        label="When we publish a change that came from your advice",
        choices=HearAbout.choices,
        widget=forms.RadioSelect,
        help_text="If your email digest is turned off, choose “Email me straight away” to hear from us.",
        error_messages={"required": "Choose how you would like to hear from us."},
    )


class NamedForm(forms.Form):
    named = forms.TypedChoiceField(
        label="Show my name on this entry",
        choices=[("yes", "Yes, show my name"), ("no", "No, do not show my name")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to show your name."},
    )
