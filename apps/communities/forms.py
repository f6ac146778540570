from django import forms

from apps.core.enums import DeliveryMode
from apps.core.forms import HoneypotField

from .enums import SELF_CHOSEN_ROLES, MemberRole, RsvpAnswer, VisitorRole
from .models import PAPER_EXTENSIONS, Meeting
from .permissions import member_name


class JoinForm(forms.Form):
    role = forms.ChoiceField(
        label="Which best describes you?", choices=SELF_CHOSEN_ROLES, widget=forms.RadioSelect
    )


class VisitorJoinForm(forms.Form):
    """Asking to join without an account."""

    name = forms.CharField(max_length=150, label="Your name", error_messages={"required": "Enter your name."})
    email = forms.EmailField(
        label="Your email address",
        help_text="We send the facilitators' answer here. We do not share it.",
        error_messages={"required": "Enter your email address so we can reply."},
    )
    role = forms.ChoiceField(
        label="Which best describes you?",
        choices=VisitorRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the one that fits you best."},
    )
    organisation = forms.CharField(
        max_length=200,
        required=False,
        label="Where you work or study",
        help_text="For example an NHS trust, a GP practice, a university or a charity.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        label="Why would you like to join?",
        help_text="A few sentences is plenty: what you hope to bring and to take away.",
        error_messages={"required": "Tell the facilitators in a few words why you would like to join."},
    )
    website = HoneypotField()


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(label="Are you going?", choices=RsvpAnswer.choices, widget=forms.RadioSelect)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    join_link = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="The video call link. Only members ever see it.",
    )

    class Meta:
        model = Meeting
        fields = [
            "title",
            "start",
            "end",
            "mode",
            "venue",
            "join_link",
            "agenda",
            "notes",
            "changes_reported",
        ]
        widgets = {
            "start": LocalDateTimeInput(),
            "end": LocalDateTimeInput(),
            "mode": forms.RadioSelect,
        }
        labels = {"mode": "How people meet"}
        help_texts = {
            "start": "UK time, for example 14:00 on 3 March 2026.",
            "end": "UK time. Must be after the start.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mode"].choices = DeliveryMode.choices


class PaperForm(forms.Form):
    title = forms.CharField(max_length=200)
    file = forms.FileField(
        help_text=f"Accepted: {', '.join(PAPER_EXTENSIONS)}. Up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{ext}" for ext in PAPER_EXTENSIONS)}),
    )


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who came?", required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(membership.user_id), f"{member_name(membership.user)} ({membership.get_role_display()})")
            for membership in members
        ]


class OutputForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=(), widget=forms.RadioSelect)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), help_text="A few sentences in plain English."
    )
    link = forms.URLField(required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args, **kwargs):
        from .enums import OutputKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OutputKind.choices


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=MemberRole.choices)

    def __init__(self, *args, may_appoint_facilitators: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_appoint_facilitators:  # only the unit's staff appoint facilitators
            self.fields["role"].choices = [c for c in MemberRole.choices if c[0] != MemberRole.FACILITATOR]


class NamedPubliclyForm(forms.Form):
    named = forms.TypedChoiceField(
        choices=[("yes", "Show my name"), ("no", "Do not show my name")], coerce=lambda value: value == "yes"
    )


class RemoveMemberForm(forms.Form):
    note = forms.CharField(
        label="A personal note",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "We add it to our email to them. A few kind words help, for example why, and that they are "
            "welcome back."
        ),
        error_messages={"max_length": "Keep the note under 1,000 characters."},
    )
