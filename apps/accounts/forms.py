from allauth.account.forms import LoginForm
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.totp.forms import ActivateTOTPForm
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


class PortalActivateTOTPForm(ActivateTOTPForm):
    """Setting up an authenticator app means entering a code from it. That proves the second factor for
    this session, so staff are not asked for another code on their way to the admin."""

    def clean_code(self) -> str:
        code = super().clean_code()
        record_authentication(context.request, self.user, "mfa", type="totp", setup=True)
        return code
