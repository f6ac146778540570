from django import forms

from apps.core.forms import HoneypotField

from .enums import RegistrantRole
from .models import Feedback


class RegistrationForm(forms.Form):
    name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter your full name."}
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We send your confirmation and calendar invitation here.",
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    organisation = forms.CharField(
        label="Organisation",
        max_length=200,
        required=False,
        help_text="For example your trust or university.",
    )
    role = forms.ChoiceField(
        label="Which best describes you?", choices=RegistrantRole.choices, widget=forms.RadioSelect
    )
    access_requirements = forms.CharField(
        label="Access requirements",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Anything that would help you take part, such as a hearing loop, step-free access or large print."
        ),
    )
    consent = forms.BooleanField(
        label="I agree that the unit can keep these details to run this seminar and contact me about it.",
        error_messages={"required": "Tick the box to agree, or we cannot register you."},
    )
    website = HoneypotField()


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["rating", "most_useful", "improve", "will_use", "will_do_differently", "may_ask_later"]
        labels = {
            "rating": "Overall, how was the seminar?",
            "most_useful": "What was most useful?",
            "improve": "What could we do better?",
            "will_use": "How might you use what you heard?",
            "will_do_differently": "What will you do differently?",
            "may_ask_later": "You may email me once, in about three months, to ask whether I did",
        }
        help_texts = {
            "will_do_differently": "For example: ask every patient with knee pain about exercise first.",
            "may_ask_later": "One short email. Your answer helps us show what seminars change.",
        }
        widgets = {
            "rating": forms.RadioSelect,
            "most_useful": forms.Textarea(attrs={"rows": 3}),
            "improve": forms.Textarea(attrs={"rows": 3}),
            "will_use": forms.Textarea(attrs={"rows": 3}),
            "will_do_differently": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = Feedback.RATING_CHOICES
        self.fields["rating"].error_messages["required"] = "Choose how the seminar was overall."

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("may_ask_later") and not (cleaned.get("will_do_differently") or "").strip():
            self.add_error(
                "will_do_differently",
                "Write what you will do differently, so we can ask you about it (or untick the box below).",
            )
        return cleaned


class AnnouncementForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}), help_text="Plain text. Sign off with your name."
    )
