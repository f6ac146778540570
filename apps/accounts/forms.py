from allauth.account.forms import LoginForm, RequestLoginCodeForm, ResetPasswordForm
from allauth.account.internal.flows.login import record_authentication
from allauth.core import context
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms

from .email_limits import account_email_refusal
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


class PortalActivateTOTPForm(ActivateTOTPForm):
    """Setting up an authenticator app means entering a code from it. That proves the second factor for
    this session, so staff are not asked for another code on their way to the admin."""

    def clean_code(self) -> str:
        code = super().clean_code()
        record_authentication(context.request, self.user, "mfa", type="totp", setup=True)
        return code


class _HonestAboutLimitsMixin:
    """Sign-in codes and reset links: a request over the limits is refused next to the field, saying
    that nothing was sent (apps/accounts/email_limits.py). Known and unknown addresses count alike."""

    def clean_email(self):
        email = super().clean_email()
        if email:
            refusal = account_email_refusal(context.request, email)
            if refusal:
                raise forms.ValidationError(refusal, code="limit")
        return email


class PortalRequestLoginCodeForm(_HonestAboutLimitsMixin, RequestLoginCodeForm):
    pass


class PortalResetPasswordForm(_HonestAboutLimitsMixin, ResetPasswordForm):
    pass
