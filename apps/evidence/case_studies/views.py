"""The case study builder under /staff/impacts/case-studies/: for staff who may see impacts
(`evidence.view_impact`, which already needs the second factor); starting and editing one needs
`evidence.change_impact`, as changing an impact does."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from apps.staff.access import staff_required

from . import selectors, services
from .forms import CaseStudyForm, CaseStudyStartForm
from .sections import SECTIONS, SectionState
from .word import case_study_docx

VIEW = "evidence.view_impact"
CHANGE = "evidence.change_impact"


def _needs(permission, refusal):
    def decorator(view):
        @staff_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


may_view = _needs(VIEW, "Your role does not include impact evidence.")
may_change = _needs(CHANGE, "Your role does not include writing case studies.")


def _get(pk):
    case_study = selectors.case_study_for_staff(pk)
    if case_study is None:
        raise Http404("No case study has that number.")
    return case_study


def _context(request, case_study, **extra):
    return {
        "case_study": case_study,
        "impacts": list(case_study.impacts.all()),
        "is_public": selectors.case_study_is_public(case_study),
        "can_change": request.user.has_perm(CHANGE),
        **extra,
    }


@may_view
def case_study_list(request):
    case_studies = list(selectors.case_studies_for_staff())
    rows = [(case_study, selectors.case_study_is_public(case_study)) for case_study in case_studies]
    return render(
        request,
        "evidence/case_studies/list.html",
        {"rows": rows, "can_change": request.user.has_perm(CHANGE)},
    )


@may_change
def case_study_create(request):
    if request.method == "POST":
        form = CaseStudyStartForm(request.POST)
        if form.is_valid():
            case_study = services.case_study_create(
                title=form.cleaned_data["title"],
                impact_ids=[impact.pk for impact in form.cleaned_data["impacts"]],
                actor=request.user,
            )
            messages.success(
                request,
                "We started the case study and filled in the references and the sources from the "
                "impacts. Check them, and write the other sections.",
            )
            return redirect("case_studies:update", pk=case_study.pk)
    else:
        chosen = [value for value in request.GET.getlist("impact") if value.isdigit()]
        form = CaseStudyStartForm(initial={"impacts": chosen})
        if len(chosen) == 1:
            first = form.fields["impacts"].queryset.filter(pk=chosen[0]).first()
            if first is not None:
                form.initial["title"] = first.title
    return render(request, "evidence/case_studies/start.html", {"form": form})


@may_view
def case_study_detail(request, pk):
    case_study = _get(pk)
    return render(request, "evidence/case_studies/detail.html", _context(request, case_study))


@may_change
def case_study_update(request, pk):
    case_study = _get(pk)
    if request.method == "POST":
        form = CaseStudyForm(request.POST, instance=case_study)
        if form.is_valid():
            saved = services.case_study_save(
                case_study=form.save(commit=False),
                impact_ids=[impact.pk for impact in form.cleaned_data["impacts"]],
                actor=request.user,
            )
            messages.success(request, "Saved. The earlier version is kept.")
            for warning in saved.warnings:
                messages.warning(
                    request, warning + " You can save it as it is, but trim it before it goes out."
                )
            return redirect("case_studies:update", pk=saved.pk)
    else:
        form = CaseStudyForm(instance=case_study)
    # The counts beside each box are of what is in the box: the saved text, or the text just sent back.
    section_fields = [
        (form[section.field], SectionState(section, form[section.field].value() or ""))
        for section in SECTIONS
    ]
    return render(
        request,
        "evidence/case_studies/edit.html",
        _context(request, case_study, form=form, section_fields=section_fields),
    )


@may_view
def case_study_print(request, pk):
    case_study = _get(pk)
    return render(request, "evidence/case_studies/print.html", _context(request, case_study))


@may_view
def case_study_word(request, pk):
    case_study = _get(pk)
    content = case_study_docx(
        case_study,
        impacts=list(case_study.impacts.all()),
        is_public=selectors.case_study_is_public(case_study),
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = slugify(case_study.title)[:60] or "case-study"
    response["Content-Disposition"] = f'attachment; filename="case-study-{case_study.pk}-{name}.docx"'
    response["Cache-Control"] = "private, no-store"
    return response


@may_view
def case_study_versions(request, pk):
    case_study = _get(pk)
    versions = list(selectors.case_study_versions(case_study))
    return render(
        request, "evidence/case_studies/versions.html", _context(request, case_study, versions=versions)
    )


@may_view
def case_study_version(request, pk, version_id):
    case_study = _get(pk)
    version = selectors.case_study_versions(case_study).filter(history_id=version_id).first()
    if version is None:
        raise Http404("This case study has no version with that number.")
    return render(
        request,
        "evidence/case_studies/version.html",
        _context(request, case_study, version=version, version_sections=version.instance.sections),
    )
