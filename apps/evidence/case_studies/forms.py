from django import forms

from ..models import Impact
from .models import CaseStudy
from .sections import MAX_SOURCES, SECTIONS, list_items


class ImpactChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, impact):
        return (
            f"{impact.title} ({impact.get_confidentiality_display().lower()}, from {impact.started_on:%B %Y})"
        )


def _impacts_field():
    return ImpactChoiceField(
        queryset=Impact.objects.order_by("-started_on", "title"),
        label="Impacts it is about",
        help_text="Choose one, or several that tell one story.",
        error_messages={"required": "Choose at least one impact."},
    )


class CaseStudyStartForm(forms.Form):
    title = forms.CharField(
        max_length=200,
        help_text="What changed, and where, in a few words. You can change it later.",
        error_messages={"required": "Give the case study a title."},
    )
    impacts = _impacts_field()


class CaseStudyForm(forms.ModelForm):
    impacts = _impacts_field()

    class Meta:
        model = CaseStudy
        fields = ["title", "status", *[section.field for section in SECTIONS], "impacts"]
        widgets = {section.field: forms.Textarea(attrs={"rows": 8}) for section in SECTIONS}
        error_messages = {"title": {"required": "Give the case study a title."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            field = self.fields[section.field]
            field.label = f"{section.number}. {section.heading}"
            field.help_text = section.hint
            # The hint, then the live count beside the box (templates/evidence/case_studies/edit.html).
            field.widget.attrs["aria-describedby"] = f"id_{section.field}_helptext id_{section.field}_count"
        self.fields["summary"].widget.attrs["rows"] = 5
        self.fields["details"].widget.attrs["rows"] = 14
        self.fields["underpinning_research"].widget.attrs["rows"] = 12

    def clean_sources(self):
        sources = self.cleaned_data["sources"]
        extra = len(list_items(sources)) - MAX_SOURCES
        if extra > 0:
            raise forms.ValidationError(
                f"A case study can list up to {MAX_SOURCES} sources. Remove {extra}, or put two together "
                "on one line."
            )
        return sources
