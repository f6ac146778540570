from django import forms

from apps.core.forms import IdMultipleChoiceField

from . import selectors
from .enums import Audience
from .models import GroupMessage

SUBJECT_HELP = "Say what it is about in a few words, for example “Meeting moved to 14 May”."


class MessageForm(forms.Form):
    """Subject and body; the staff version adds the audience (only those the person may write to)."""

    subject = forms.CharField(max_length=150, help_text=SUBJECT_HELP)
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=GroupMessage._meta.get_field("body").help_text,
    )

    def message_fields(self) -> dict:
        return {"subject": self.cleaned_data["subject"], "body": self.cleaned_data["body"]}


class StaffMessageForm(MessageForm):
    audience = forms.ChoiceField(label="Who is it for?", widget=forms.RadioSelect)
    groups = IdMultipleChoiceField(
        label="Which groups?",
        queryset=selectors.groups_to_offer(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for a message to the Link group or the RUG. Tick both to write to both.",
    )
    community = forms.ModelChoiceField(
        label="Which community?", queryset=selectors.communities_to_offer(), required=False
    )
    seminar = forms.ModelChoiceField(
        label="Which seminar?", queryset=selectors.seminars_to_offer(), required=False
    )
    field_order = ["audience", "groups", "community", "seminar", "subject", "body"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = []
        if selectors.may_write_to_groups(user):
            allowed.append(Audience.GROUPS)
        else:
            del self.fields["groups"]
        if selectors.is_staff_manager(user):
            allowed.append(Audience.COMMUNITY)
        else:
            del self.fields["community"]
        if selectors.may_write_to_seminars(user):
            allowed.append(Audience.SEMINAR)
        else:
            del self.fields["seminar"]
        self.fields["audience"].choices = [(audience.value, audience.label) for audience in allowed]
        if len(allowed) == 1:
            self.fields["audience"].initial = allowed[0].value

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == Audience.GROUPS and not cleaned.get("groups"):
            self.add_error("groups", "Choose the Link group, the Research User Group or both.")
        if audience == Audience.COMMUNITY and not cleaned.get("community"):
            self.add_error("community", "Choose the community to write to.")
        if audience == Audience.SEMINAR and not cleaned.get("seminar"):
            self.add_error("seminar", "Choose the seminar whose registrants you are writing to.")
        return cleaned

    def message_fields(self) -> dict:
        return {
            **super().message_fields(),
            "audience": self.cleaned_data["audience"],
            "groups": list(self.cleaned_data.get("groups") or []),
            "community": self.cleaned_data.get("community"),
            "seminar": self.cleaned_data.get("seminar"),
        }

    @classmethod
    def initial_for(cls, message: GroupMessage) -> dict:
        return {
            "audience": message.audience,
            "groups": list(message.groups.all()),
            "community": message.community,
            "seminar": message.seminar,
            "subject": message.subject,
            "body": message.body,
        }


class SendForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked the preview and want to send this message now",
        error_messages={"required": "Tick the box to confirm, then press send."},
    )
