"""Forms of the evidence app: the follow-up answer (no account needed) and staff accepting a proposal."""

from django import forms

from .enums import Helped, ImpactLevel

ANSWER_MAX_LENGTH = 4000
YES_NO = [("yes", "Yes"), ("no", "No")]


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FollowUpForm(forms.Form):
    """ "Did it help?" after an answer from the knowledge brokers. Every question may be left out."""

    # Required, except when they only ask us to stop (clean() forgives it then).
    helped = forms.ChoiceField(
        label="Did it help?",
        choices=Helped.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes, partly or no (or tick “please stop asking me”)."},
    )
    decision_informed = _text(
        "What decision did it inform?",
        "For example: whether to change how we refer patients. Leave it empty if there was none.",
    )
    change_reported = _text(
        "What changed?",
        "For patients, for your service or for your organisation. Leave it empty if nothing has changed yet.",
    )
    may_quote = forms.ChoiceField(
        label="Can we quote you?",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
        help_text="We would use your words to show what research changes, without your name.",
    )
    quote = _text("What may we quote?", "Write it as you would like it to read.")
    stop_asking = forms.BooleanField(
        label="Please stop asking me about this question",
        required=False,
        help_text="Tick this and send, and we will not email you about it again.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stop_asking") and not self.data.get("helped"):
            self.errors.pop("helped", None)  # "please stop asking me" alone is an answer
            cleaned["helped"] = ""
        if cleaned.get("may_quote") == "yes" and not (cleaned.get("quote") or "").strip():
            self.add_error("quote", "Write what we may quote, or choose “No” to being quoted.")
        cleaned["may_quote"] = cleaned.get("may_quote") == "yes"
        return cleaned


class SeminarFollowUpForm(FollowUpForm):
    """ "Did you?" three months after a seminar, about what they said they would do differently."""

    decision_informed = None
    stop_asking = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helped"].label = "Did you?"
        self.fields["helped"].error_messages["required"] = "Choose yes, partly or no."
        self.fields[
            "change_reported"
        ].help_text = (
            "For your patients, your team or your service. Leave it empty if nothing has changed yet."
        )

    def clean(self):
        cleaned = forms.Form.clean(self)
        if cleaned.get("may_quote") == "yes" and not (cleaned.get("quote") or "").strip():
            self.add_error("quote", "Write what we may quote, or choose “No” to being quoted.")
        cleaned["may_quote"] = cleaned.get("may_quote") == "yes"
        return cleaned


class FollowUpAcceptForm(forms.Form):
    """What staff decide when they accept a proposed change as an impact."""

    title = forms.CharField(
        max_length=200,
        help_text="A plain title: what changed, and where. You can change it later.",
        error_messages={"required": "Give the impact a plain title: what changed, and where."},
    )
    level = forms.ChoiceField(choices=ImpactLevel.choices, initial=ImpactLevel.ADOPTION)
