from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("impact", "0002_uk_standards")]

    operations = [
        migrations.AlterModelOptions(
            name="standard",
            options={
                "ordering": ["order"],
                "verbose_name": "UK Standard for Public Involvement",
                "verbose_name_plural": "UK Standards for Public Involvement",
            },
        ),
    ]
