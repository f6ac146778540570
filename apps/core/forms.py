from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Every form gets an error summary at the top and each error next to its field (aria-describedby)."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
