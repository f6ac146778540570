"""The member's payment choice: how a payment for their time is made."""

from django import forms

from .enums import PaymentPreference
from .payment_models import Charity


class PaymentChoiceForm(forms.Form):
    payment_preference = forms.ChoiceField(
        label="How would you like to be paid for your time?",
        choices=PaymentPreference.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you would like to be paid for your time."},
    )
    donation_charity = forms.ModelChoiceField(
        label="If you give it to a charity, which one?",
        queryset=Charity.objects.filter(is_active=True),
        required=False,
        empty_label="Choose a charity",
        help_text="We give the whole amount to the charity and tell you when we have.",
        error_messages={"invalid_choice": "Choose one of the charities in the list."},
    )
    expenses_only = forms.BooleanField(
        label="Expenses only: pay back my costs, but no fee for my time",
        required=False,
        help_text=(
            "For example, if a fee could affect your benefits. Your travel and other costs are still paid, "
            "whatever you chose above."
        ),
    )

    def clean(self):
        data = super().clean()
        wants_charity = data.get("payment_preference") == PaymentPreference.DONATED
        if wants_charity and not data.get("donation_charity") and "donation_charity" not in self.errors:
            self.add_error("donation_charity", "Choose the charity you would like it given to.")
        return data
