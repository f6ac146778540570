from decimal import Decimal

from django import forms
from django.utils import timezone

from apps.core.forms import HoneypotField, IdMultipleChoiceField, iso_date_field
from apps.core.models import Topic

from .models import TIME_RECORD_MAX_HOURS, Activity, Expense, Group, MemberProfile
from .selectors import YEAR_KINDS, meetings_attended_by, opportunities_taken_part_by


class ApplicationForm(forms.Form):
    name = forms.CharField(max_length=150, label="Your name")
    email = forms.EmailField(label="Your email address")
    phone = forms.CharField(
        max_length=40,
        required=False,
        label="Phone number",
        help_text="Only if you would like us to phone you.",
    )
    group = forms.ModelChoiceField(
        queryset=Group.objects.all(),
        empty_label=None,
        widget=forms.RadioSelect,
        label="Which group would you like to join?",
    )
    motivation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="What draws you to the group?",
        help_text="A few sentences is plenty: your experience, your networks, what you hope to do.",
    )
    access_needs = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Anything we should know to make taking part easier for you?",
        help_text=(
            "For example large print, easy read, a hearing loop, step-free access, "
            "or a carer coming with you."
        ),
    )
    consent_to_contact = forms.BooleanField(
        label="I agree that the involvement coordinator may contact me about joining the group",
        error_messages={"required": "We need your permission to contact you about joining."},
    )
    website = HoneypotField()


class ProfileForm(forms.ModelForm):
    template_name = "involvement/includes/profile_form.html"

    interests = IdMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="We show you opportunities on these topics first.",
    )

    class Meta:
        model = MemberProfile
        fields = [
            "preferred_name",
            "contact_by_email",
            "contact_by_phone",
            "contact_by_post",
            "phone",
            "postal_address",
            "large_print",
            "easy_read",
            "hearing_loop",
            "carer_copied",
            "carer_email",
            "other_access_needs",
            "interests",
        ]
        labels = {
            "preferred_name": "What would you like us to call you?",
            "contact_by_email": "Contact me by email",
            "contact_by_phone": "Contact me by phone",
            "contact_by_post": "Contact me by post",
            "phone": "Phone number",
            "large_print": "Send me large print",
            "easy_read": "Send me easy read versions where we have them",
            "hearing_loop": "I use a hearing loop at meetings",
            "carer_copied": "Copy my carer in on emails",
            "carer_email": "Your carer's email address",
            "other_access_needs": "Anything else we should know",
        }
        widgets = {
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "other_access_needs": forms.Textarea(attrs={"rows": 3}),
        }


class ExpenseForm(forms.ModelForm):
    class Meta:
        model = Expense
        fields = ["kind", "description", "incurred_on", "amount", "activity", "receipt"]
        labels = {
            "kind": "What kind of expense is it?",
            "incurred_on": "Date of the expense",
            "amount": "Amount in pounds",
            "activity": "Which activity was it for?",
            "receipt": "Receipt",
        }
        widgets = {"kind": forms.RadioSelect, "incurred_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(user=user).order_by("-date")
        self.fields["activity"].required = False
        self.fields["activity"].empty_label = "Not linked to an activity"
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0]]


class RecordYearsForm(forms.Form):
    """How the involvement record counts its totals; only ever shown unbound (bad values are ignored)."""

    years = forms.ChoiceField(
        choices=list(YEAR_KINDS.items()),
        widget=forms.RadioSelect,
        label="Count the totals by",
        help_text="Benefits advisers and HMRC usually ask about the tax year.",
    )


class TimeRecordForm(forms.Form):
    """Time a member gave: the date, what they did, the hours, and what it was part of (if anything)."""

    date = forms.DateField(
        label="Date",
        help_text="The day you gave the time. It cannot be later than today.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Give the date.", "invalid": "Give a date like 2026-11-30."},
    )
    description = forms.CharField(
        max_length=200,
        label="What did you do?",
        help_text='For example "Read and commented on the study leaflet".',
        error_messages={"required": "Say what you did."},
    )
    hours = forms.DecimalField(
        label="How many hours?",
        help_text=f"Hours and part hours: 1.5 is an hour and a half. At most {TIME_RECORD_MAX_HOURS:.0f}.",
        min_value=Decimal("0.25"),
        max_value=TIME_RECORD_MAX_HOURS,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        error_messages={
            "required": "Give the number of hours.",
            "min_value": "Give at least a quarter of an hour (0.25).",
            "max_value": f"Give at most {TIME_RECORD_MAX_HOURS:.0f} hours for one day.",
            "invalid": "Give the hours as a number, like 2 or 1.5.",
            "max_decimal_places": "Give the hours to two decimal places at most, like 1.25.",
        },
    )
    opportunity = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Was it for an opportunity you took part in?",
        empty_label="No, or not listed",
        error_messages={"invalid_choice": "Choose an opportunity from the list."},
    )
    meeting = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Was it a community meeting you went to?",
        empty_label="No, or not listed",
        error_messages={"invalid_choice": "Choose a meeting from the list."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = opportunities_taken_part_by(user)
        self.fields["meeting"].queryset = meetings_attended_by(user)
        self.fields["meeting"].label_from_instance = lambda meeting: (
            f"{timezone.localtime(meeting.start):%-d %B %Y}: {meeting.title}"
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError("Record time once you have given it: this date is in the future.")
        return day


class CertificatePeriodForm(forms.Form):
    """The period a certificate of involvement covers: `?from=YYYY-MM-DD&to=YYYY-MM-DD`."""

    # "from" is a Python keyword, so the fields are added by name below.
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = iso_date_field(
            label="From",
            invalid="Enter the first day as a date, for example 2026-04-06.",
            required="Enter the first day of the period.",
        )
        self.fields["to"] = iso_date_field(
            label="To",
            invalid="Enter the last day as a date, for example 2027-04-05.",
            required="Enter the last day of the period.",
        )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("from"), cleaned.get("to")
        if starts and starts.year < 1990:
            self.add_error("from", "Choose a first day in 1990 or later.")
        if starts and ends and ends < starts:
            self.add_error("to", "The last day must be on or after the first day.")
        return cleaned
