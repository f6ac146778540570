"""What involvement holds about a person, for "download my data" and "erase my account"."""

from django.apps import apps

from .benefits_models import BenefitsInformation, BenefitsLetter, OfferAcceptance
from .enums import TimeRecordStatus
from .models import Activity, Application, Expense, Interest, MemberProfile, Membership, TimeRecord


def export_personal_data(user) -> dict:
    profile = MemberProfile.objects.filter(user=user).prefetch_related("interests").first()
    return {
        "profile": None
        if profile is None
        else {
            "preferred_name": profile.preferred_name,
            "contact_methods": profile.contact_methods,
            "phone": profile.phone,
            "postal_address": profile.postal_address,
            "large_print": profile.large_print,
            "easy_read": profile.easy_read,
            "hearing_loop": profile.hearing_loop,
            "carer_copied": profile.carer_copied,
            "carer_email": profile.carer_email,
            "other_access_needs": profile.other_access_needs,
            "interests": [topic.name for topic in profile.interests.all()],
            "payment_preference": profile.get_payment_preference_display(),
            "donation_charity": profile.donation_charity.name if profile.donation_charity else "",
            "expenses_only": profile.expenses_only,
            "payroll_or_supplier_reference": profile.payroll_reference,
        },
        "memberships": [
            {"group": m.group.name, "joined_on": m.joined_on, "active": m.is_active}
            for m in Membership.objects.filter(user=user).select_related("group")
        ],
        "applications": [
            {
                "group": a.group.name,
                "name": a.name,
                "email": a.email,
                "phone": a.phone,
                "motivation": a.motivation,
                "access_needs": a.access_needs,
                "status": a.get_status_display(),
                "submitted_at": a.created_at,
            }
            for a in Application.objects.filter(email__iexact=user.email).select_related("group")
        ],
        "interests_in_opportunities": [
            {"opportunity": i.opportunity.title, "status": i.get_status_display(), "since": i.created_at}
            for i in Interest.objects.filter(user=user).select_related("opportunity")
        ],
        "activities": [
            {
                "date": a.date,
                "activity": a.description,
                "hours": a.hours,
                "payment_preference": a.get_payment_preference_display(),
                "donation_charity": a.donation_charity.name if a.donation_charity else "",
                "expenses_only": a.expenses_only,
                "amount_due": a.amount_due,
                "payment_status": a.get_payment_status_display(),
            }
            for a in Activity.objects.filter(user=user).select_related("donation_charity")
        ],
        "time_recorded": [
            {
                "date": t.date,
                "what": t.description,
                "hours": t.hours,
                "status": t.get_status_display(),
                "reason_returned": t.return_reason,
            }
            for t in TimeRecord.objects.filter(user=user)
        ],
        "expenses": [
            {
                "kind": e.get_kind_display(),
                "description": e.description,
                "date": e.incurred_on,
                "amount": e.amount,
                "status": e.get_status_display(),
                "reason": e.decision_reason,
                "has_receipt": bool(e.receipt),
            }
            for e in Expense.objects.filter(user=user)
        ],
        **_benefits_data(user),
    }


def _benefits_data(user) -> dict:
    information = BenefitsInformation.objects.filter(user=user).select_related("limit").first()
    return {
        "benefits": None
        if information is None
        else {
            "receives_benefits": information.receives_benefits,
            "limit": information.limit.name if information.limit else "",
            "note": information.note,
            "last_changed": information.updated_at,
        },
        "offers_accepted": [
            {"opportunity": a.opportunity.title, "accepted_at": a.accepted_at, "text_seen": a.text_seen}
            for a in OfferAcceptance.objects.filter(user=user).select_related("opportunity")
        ],
        "letters_for_a_benefits_office": [
            {
                "from": letter.starts,
                "to": letter.ends,
                "office": letter.office,
                "signed_by": f"{letter.signed_by_name}, {letter.signed_by_role}",
                "made_at": letter.made_at,
                "content": letter.content,
            }
            for letter in BenefitsLetter.objects.filter(user=user)
        ],
    }


def erase_personal_data(user) -> None:
    """Remove personal details and their history. Activities and expenses are finance records the unit
    must keep: they stay, tied to the (anonymised) account, with free text and receipts removed."""
    profile_ids = list(MemberProfile.history.filter(user_id=user.pk).values_list("id", flat=True).distinct())
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is not None:
        profile.interests.clear()
        profile.delete()
    # The history of the profile's interests (a table of its own) goes first, then the profile's history.
    interests_history = apps.get_model("involvement", "HistoricalMemberProfile_interests")
    interests_history.objects.filter(memberprofile_id__in=profile_ids).delete()
    MemberProfile.history.filter(user_id=user.pk).delete()
    applications = Application.objects.filter(email__iexact=user.email) | Application.objects.filter(
        user=user
    )
    application_ids = list(applications.values_list("pk", flat=True))
    Application.objects.filter(pk__in=application_ids).delete()
    Application.history.filter(id__in=application_ids).delete()
    Interest.objects.filter(user=user).delete()
    Interest.history.filter(user_id=user.pk).delete()
    Membership.objects.filter(user=user).delete()
    Membership.history.filter(user_id=user.pk).delete()
    for expense in Expense.objects.filter(user=user):
        if expense.receipt:
            expense.receipt.delete(save=False)
        expense.receipt = ""
        expense.description = "Expense (details erased)"
        expense.save(update_fields=["receipt", "description", "updated_at"])
    Expense.history.filter(user_id=user.pk).update(description="Expense (details erased)", receipt="")
    # Time waiting or sent back is not yet a finance record: it goes. Approved time is an activity (kept
    # above); its member's record of it keeps no words of theirs.
    TimeRecord.objects.filter(user=user).exclude(status=TimeRecordStatus.APPROVED).delete()
    TimeRecord.objects.filter(user=user).update(description="Time (details erased)", return_reason="")
    TimeRecord.history.filter(user_id=user.pk).delete()
    # What they told us about their benefits, the offers they accepted and the letters written for them are
    # theirs alone: none is a finance record (the activities above are).
    for model in (BenefitsInformation, OfferAcceptance, BenefitsLetter):
        model.objects.filter(user=user).delete()
        model.history.filter(user_id=user.pk).delete()
