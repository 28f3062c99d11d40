"""The categories of death on the child death review analysis form, as the first version of the
code list, and a starting retention period for child death records (confirm it locally).
A later version of the list is added as new rows with their own version, closing these."""

from datetime import date

from django.db import migrations

VERSION = "2019"
CATEGORIES = (
    ("1", "Deliberately inflicted injury, abuse or neglect"),
    ("2", "Suicide or deliberate self-inflicted harm"),
    ("3", "Trauma and other external factors, including medical or surgical complications or error"),
    ("4", "Malignancy"),
    ("5", "Acute medical or surgical condition"),
    ("6", "Chronic medical condition"),
    ("7", "Chromosomal, genetic and congenital anomalies"),
    ("8", "Perinatal or neonatal event"),
    ("9", "Infection"),
    ("10", "Sudden unexpected, unexplained death"),
    ("11", "Unable to categorise: information insufficient"),
)


def seed(apps, schema_editor):
    DeathCategory = apps.get_model("reviews", "DeathCategory")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        DeathCategory.objects.get_or_create(
            version=VERSION, code=code, defaults={"name": name, "valid_from": date(2019, 4, 1), "order": order}
        )
    RetentionRule = apps.get_model("reviews", "RetentionRule")
    RetentionRule.objects.get_or_create(
        record_type="child-death",
        defaults={
            "years": 25,
            "basis": "Starting value: child death records kept 25 years after the panel's review. Confirm against "
            "the partnership's records retention schedule.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0005_child_deaths")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
