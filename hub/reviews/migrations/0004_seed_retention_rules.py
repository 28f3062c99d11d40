"""Starting retention periods for case review records.

These are a starting point, not advice: each partnership sets them from its own records
retention schedule with its data protection officer, in the back office.
"""

from django.db import migrations

RULES = (
    (
        "notification",
        15,
        "Starting value: rapid review records kept 15 years after the decision. Confirm against the partnership's "
        "records retention schedule.",
    ),
    (
        "practice-review",
        50,
        "Starting value: practice review records kept 50 years after publication. Confirm against the partnership's "
        "records retention schedule.",
    ),
)


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("reviews", "RetentionRule")
    for record_type, years, basis in RULES:
        RetentionRule.objects.get_or_create(record_type=record_type, defaults={"years": years, "basis": basis})


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_national_reviews_and_retention")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
