from django import forms

from .enums import DigestFrequency, ReminderTiming


class DigestPreferenceForm(forms.Form):
    digest_frequency = forms.ChoiceField(
        label="How often would you like a round-up of news by email?",
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        help_text="This does not change the reminders below.",
    )
    reminder_timings = forms.MultipleChoiceField(
        label="When would you like reminders about meetings and seminars you are going to?",
        choices=ReminderTiming.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=(
            "Tick as many as you like, or none. Each reminder says when and where it is, has the link to "
            "join if it is online, and a calendar file. The hour-before reminder is only for online "
            "and hybrid seminars."
        ),
    )
