from django.conf import settings


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "unit_name": settings.UNIT_NAME,
        "site_url": settings.SITE_URL,
        # Where a page that cannot help sends people instead (the 429 page, ours or allauth's).
        "help_email": settings.CONTACT_EMAIL,
        "contact_phone": settings.CONTACT_PHONE,
        "contact_address": settings.CONTACT_ADDRESS,
    }
