from allauth.account.forms import LoginForm
from django import forms

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]
        labels = {"display_name": "Your name"}


class PortalLoginForm(LoginForm):
    """allauth's sign-in form, in our words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "remember" in self.fields:
            self.fields["remember"].label = "Keep me signed in on this device"


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=(
            "I understand that my account will be closed and my personal details removed. "
            "This cannot be undone."
        ),
        error_messages={"required": "Tick the box to confirm that you want your account erased."},
    )
