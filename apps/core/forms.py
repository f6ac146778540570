from django import forms
from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Every form gets an error summary at the top and each error next to its field (aria-describedby)."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"


class HoneypotField(forms.CharField):
    """A honeypot for public forms: hidden from people by the stylesheet (`.honeypot`), skipped by the
    keyboard, and filled in by bots that fill in every field. Name it `website`; a form that comes back
    with it filled in is thanked and dropped by the view."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Leave this empty")
        kwargs.setdefault("template_name", "forms/honeypot_field.html")
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
        super().__init__(**kwargs)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several choices by id. A posted id too big for the database is "not one of the choices", not a
    server error (Django's `pk__in` lookup overflows on SQLite; a single ModelChoiceField needs no help)."""

    largest_id = 2**63 - 1

    def _check_values(self, value):
        for pk in value:
            text = str(pk).strip().lstrip("-")
            if text.isdigit() and int(text) > self.largest_id:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


def iso_date_field(*, label: str, invalid: str, required: str) -> forms.DateField:
    """A date picked in the browser's date picker or typed as YYYY-MM-DD, with messages in our words (the
    periods of the dashboard and of a member's certificate)."""
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": invalid, "required": required},
    )


def add_service_errors(form: forms.BaseForm, error: forms.ValidationError) -> None:
    """Put a service's `ValidationError` on a form: each error next to its field when the form has that
    field, the others (and an error without fields) at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
