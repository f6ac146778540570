from django.db import migrations

# A copy, not an import: a migration must keep meaning what it meant when it was written.
STANDARDS = [
    (
        "inclusive-opportunities",
        "Inclusive opportunities",
        "Involvement is open to the people it affects, and taking part is made possible for all of them.",
    ),
    (
        "working-together",
        "Working together",
        "Members and staff work as partners: roles are clear and everyone's knowledge is valued.",
    ),
    (
        "support-and-learning",
        "Support and learning",
        "People get the support, training and encouragement they need to take part with confidence.",
    ),
    ("communications", "Communications", "We speak plainly, to the right people at the right time, and we report back."),
    ("impact", "Impact", "We look for and share the difference that involvement makes."),
    ("governance", "Governance", "Members have a voice in how decisions are made and how the work is run."),
]


def add_standards(apps, schema_editor):
    Standard = apps.get_model("impact", "Standard")
    for order, (slug, name, description) in enumerate(STANDARDS, start=1):
        Standard.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


def remove_standards(apps, schema_editor):
    Standard = apps.get_model("impact", "Standard")
    Standard.objects.filter(slug__in=[slug for slug, _, _ in STANDARDS], entries__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("impact", "0001_impact_log")]

    operations = [migrations.RunPython(add_standards, remove_standards)]
