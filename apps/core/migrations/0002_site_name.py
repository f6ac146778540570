from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    # allauth puts the site's name in its emails; "example.com" would confuse members.
    Site = apps.get_model("sites", "Site")
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": "IAU Portal"}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("sites", "0002_alter_domain_unique")]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
