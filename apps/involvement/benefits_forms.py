from django import forms

from .benefits_models import BenefitLimit

EACH = {"week": "each week", "month": "each calendar month", "tax_year": "each tax year (from 6 April)"}


class LimitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, limit):
        return f"{limit.name}, {EACH.get(limit.period, limit.period)}. {limit.explanation}"


class BenefitsInformationForm(forms.Form):
    receives_benefits = forms.TypedChoiceField(
        label="Do you receive benefits?",
        choices=[("yes", "Yes"), ("no", "No, or I would rather not say")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose yes, or no."},
    )
    limit = LimitChoiceField(
        queryset=BenefitLimit.objects.all(),
        required=False,
        blank=True,
        empty_label="None of these, or I am not sure",
        widget=forms.RadioSelect,
        label="Which limit matters to you?",
        help_text="The limit on what you can earn before your benefits change. Only if you receive benefits.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Anything else the coordinator should know",
        help_text="For example, that your limit is different, or the best time to talk about it.",
        max_length=2000,
    )

    def clean(self):
        data = super().clean()
        if data.get("limit") is not None and data.get("receives_benefits") is False:
            self.add_error("limit", "Choose a limit only if you receive benefits, or answer yes above.")
        return data
