from django import forms
from django.utils import timezone

from apps.communities.models import Community
from apps.core.forms import HoneypotField, IdMultipleChoiceField
from apps.pages.models import Page
from apps.people.models import Profile
from apps.publications.models import Publication

from .enums import RequesterRole, RequestKind, ResearchStage
from .models import EvidenceRequest
from .selectors import brokers, involvement_coordinators


class DateInput(forms.DateInput):
    """The browser's date picker, which reads and writes ISO dates (2027-03-27) whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _not_in_the_past(value, message):
    if value and value < timezone.localdate():
        raise forms.ValidationError(message)
    return value


class AskForm(forms.ModelForm):
    """The question form at /ask/. Model validation puts each problem next to its field."""

    kind = forms.ChoiceField(
        choices=RequestKind.choices,
        widget=forms.RadioSelect,
        initial=RequestKind.EVIDENCE,
        label="What would you like help with?",
    )
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Your question",
        help_text="In your own words. For example: what helps people with knee pain stay active at work?",
        error_messages={"required": "Tell us your question."},
    )
    purpose = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why do you need the evidence?",
        help_text="What decision or piece of work is it for? This helps us find what is useful to you.",
        error_messages={"required": "Tell us what you need the evidence for."},
    )
    needed_by = forms.DateField(
        required=False,
        widget=DateInput,
        label="When do you need it by?",
        help_text="Leave it empty if there is no date. We usually answer within a month.",
        error_messages={"invalid": "Enter a real date, for example 2027-03-27."},
    )
    name = forms.CharField(
        max_length=150, label="Your name", error_messages={"required": "Tell us your name."}
    )
    email = forms.EmailField(
        label="Your email address",
        help_text="We send the answer here.",
        error_messages={
            "required": "Tell us your email address so we can answer you.",
            "invalid": "Enter an email address like name@example.org.",
        },
    )
    requester_role = forms.ChoiceField(
        choices=RequesterRole.choices,
        widget=forms.RadioSelect,
        label="Which best describes you?",
        error_messages={"required": "Choose the description that fits you best."},
    )
    organisation = forms.CharField(
        max_length=200,
        required=False,
        label="Your organisation",
        help_text="For example the practice, trust, council or charity you work for.",
    )
    funder = forms.CharField(
        max_length=200,
        required=False,
        label="Which funder are you applying to?",
        help_text=(
            "Needed for help with research. For example NIHR Research for Patient Benefit, or "
            "“not decided yet”."
        ),
    )
    application_deadline = forms.DateField(
        required=False,
        widget=DateInput,
        label="The application deadline",
        error_messages={"invalid": "Enter a real date, for example 2027-03-27."},
    )
    research_stage = forms.ChoiceField(
        choices=[("", "Choose a stage"), *ResearchStage.choices],
        required=False,
        label="Where is your study or application now?",
        help_text="Needed for help with research.",
    )
    wants_involvement_support = forms.BooleanField(
        required=False, label="I would also like help to involve patients and the public"
    )
    consent_to_contact = forms.BooleanField(
        label="I agree that the knowledge brokers may contact me about my question",
        error_messages={"required": "We need your permission to contact you about your question."},
    )
    consent_to_publish = forms.BooleanField(
        required=False,
        label="You may publish my question and your answer on this website without my name",
        help_text="We remove anything that could identify you or anyone else before we publish.",
    )
    website = HoneypotField()

    class Meta:
        model = EvidenceRequest
        fields = [
            "kind",
            "question",
            "purpose",
            "needed_by",
            "name",
            "email",
            "requester_role",
            "organisation",
            "funder",
            "application_deadline",
            "research_stage",
            "wants_involvement_support",
            "consent_to_contact",
            "consent_to_publish",
        ]

    def clean_needed_by(self):
        return _not_in_the_past(
            self.cleaned_data.get("needed_by"), "That date has passed. Choose a later one."
        )

    def clean_application_deadline(self):
        return _not_in_the_past(
            self.cleaned_data.get("application_deadline"), "That deadline has passed. Choose a later one."
        )

    def _post_clean(self):
        # The number is given when the request is stored; don't let its absence stop validation.
        self.instance.number = 1
        super()._post_clean()

    def request_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept it"), ("decline", "Decline it")],
        widget=forms.RadioSelect,
        label="Your decision",
        error_messages={"required": "Choose whether to accept or decline the request."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="If you decline: a kind reason for the person who asked",
        help_text="We email this to them. Where you can, say where else they might find help.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Tell them kindly why we cannot take this on.")
        return data


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(queryset=None, required=False, label="Knowledge broker")
    due_on = forms.DateField(
        required=False,
        widget=DateInput,
        label="Due",
        error_messages={"invalid": "Enter a real date, for example 2027-03-27."},
    )
    involvement_coordinator = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Involvement coordinator (research support only)",
    )

    def __init__(self, *args, evidence_request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = brokers()
        self.fields["involvement_coordinator"].queryset = involvement_coordinators()
        if evidence_request is not None and not evidence_request.is_research_support:
            del self.fields["involvement_coordinator"]


class NoteForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Internal note",
        help_text="Only staff see notes. They are never sent to the person who asked.",
        error_messages={"required": "Write the note first."},
    )


class LinksForm(forms.Form):
    publications = IdMultipleChoiceField(
        queryset=Publication.objects.order_by("-year", "title"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="The sources of the answer. Public ones are listed with a published answer.",
    )
    profiles = IdMultipleChoiceField(
        queryset=Profile.objects.order_by("name"),
        required=False,
        label="People",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    communities = IdMultipleChoiceField(
        queryset=Community.objects.order_by("name"),
        required=False,
        label="Communities of practice",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    pages = IdMultipleChoiceField(
        queryset=Page.objects.order_by("title"),
        required=False,
        label="Resource pages",
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        label="The answer",
        help_text="We email it with the reference. Replies come to the knowledge broker.",
        error_messages={"required": "Write the answer first."},
    )


class PublishForm(forms.Form):
    public_question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="The question as we publish it",
        help_text="Take out names, places and anything else that could identify anyone.",
        error_messages={"required": "Write the question as it will be published, without names."},
    )
    public_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Plain-language summary of the evidence",
        help_text="Short sentences and everyday words. The linked publications are listed as its sources.",
        error_messages={"required": "Write a plain-language summary of the evidence."},
    )


class AnsweredSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search answered questions")
