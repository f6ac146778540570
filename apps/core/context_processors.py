from django.conf import settings


def site(request):
    return {
        "site_name": "IAU Portal",
        "unit_name": "Impact Accelerator Unit",
        "site_url": settings.SITE_URL,
        # Where a page that cannot help (429, 503) sends people instead.
        "help_email": settings.COORDINATOR_EMAIL,
    }
