from django import forms


class WaitingEmailForm(forms.Form):
    weekly = forms.BooleanField(
        required=False,
        label="Email me this list every Monday morning",
        help_text="Only when something is waiting. You can turn it off here at any time.",
    )
