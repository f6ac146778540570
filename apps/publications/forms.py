import re

from django import forms

from .formats import ImportFormatError, parse_bibtex, parse_ris

MAX_DOIS = 50


class ImportForm(forms.Form):
    file = forms.FileField(
        label="BibTeX or RIS file",
        required=False,
        help_text="A .bib or .ris file exported from a reference manager, a journal or PubMed.",
    )
    dois = forms.CharField(
        label="DOIs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One DOI per line, for example 10.1093/rheumatology/keu105. We look each one up on "
        "Crossref.",
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        name = (upload.name or "").lower()
        looks_like_ris = name.endswith((".ris", ".txt")) or re.match(r"\s*TY  - ", text)
        try:
            drafts = parse_ris(text) if looks_like_ris else parse_bibtex(text)
        except ImportFormatError as error:
            raise forms.ValidationError(f"{error} Upload a .bib (BibTeX) or .ris (RIS) file.") from error
        if not drafts:
            raise forms.ValidationError("The file is empty.")
        return drafts

    def clean_dois(self):
        dois = [
            line.strip() for line in re.split(r"[\s,;]+", self.cleaned_data.get("dois", "")) if line.strip()
        ]
        if len(dois) > MAX_DOIS:
            raise forms.ValidationError(f"Paste at most {MAX_DOIS} DOIs at a time.")
        return dois

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("file") and not cleaned.get("dois"):
            raise forms.ValidationError("Choose a file to upload or paste at least one DOI.")
        return cleaned
