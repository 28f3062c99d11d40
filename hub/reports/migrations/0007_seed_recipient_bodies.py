"""The bodies a published yearly report is sent to, as the partnership starts with them.

Working Together to Safeguard Children 2018 asked partners to send the report to the Child
Safeguarding Practice Review Panel and the What Works Centre for Children's Social Care within
seven days of publication; Working Together 2023 names the Panel and the Department for Education.
Which report years each body covers is the partnership's reading of when the 2023 edition took
over, not yet confirmed against the guidance; the business unit edits the list in the back office.
"""

from django.db import migrations

WT2018 = "Working Together to Safeguard Children 2018"
WT2023 = "Working Together to Safeguard Children 2023"

# slug, name, source, first report year, last report year
BODIES = [
    (
        "practice-review-panel",
        "Child Safeguarding Practice Review Panel",
        f"{WT2018} and {WT2023}: within 7 days of publication",
        None,
        None,
    ),
    (
        "what-works-centre",
        "What Works Centre for Children's Social Care",
        f"{WT2018}: within 7 days of publication. Named for reports published under the 2018 edition",
        None,
        2022,
    ),
    (
        "department-for-education",
        "Department for Education",
        f"{WT2023}: within 7 days of publication. Named in place of the What Works Centre",
        2023,
        None,
    ),
]


def add_bodies(apps, schema_editor):
    RecipientBody = apps.get_model("reports", "RecipientBody")
    for order, (slug, name, source, first_year, last_year) in enumerate(BODIES, start=1):
        RecipientBody.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order,
                "name": name,
                "source": source,
                "verified": False,
                "days_after_publication": 7,
                "first_year": first_year,
                "last_year": last_year,
            },
        )


def remove_bodies(apps, schema_editor):
    RecipientBody = apps.get_model("reports", "RecipientBody")
    RecipientBody.objects.filter(slug__in=[row[0] for row in BODIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_sign_off")]

    operations = [migrations.RunPython(add_bodies, remove_bodies)]
