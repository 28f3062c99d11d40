"""The standard outline of the yearly report, in the order of a typical partnership's report.

Sections of modules that have not landed yet (case reviews, child deaths) are named already, so
they take their place as soon as their provider exists. Staff can change all of this afterwards.
"""

from django.db import migrations

OUTLINE = [
    (
        "introduction",
        "Introduction by the statutory partners",
        "",
        "",
        True,
    ),
    (
        "children-in-the-area",
        "The children in our area",
        "Key figures about the children and young people the partnership serves.",
        "scorecards-key-figures\nscorecards-headlines",
        True,
    ),
    (
        "about-the-partnership",
        "About the partnership",
        "Who the partners are, what they aim for, how they work together and how the work is paid for.",
        "core.vision\ncore.partners\ngovernance.groups\ngovernance.budget",
        False,
    ),
    (
        "external-pressures",
        "The effect of external pressures",
        "",
        "",
        True,
    ),
    (
        "development-sessions",
        "Partnership development sessions",
        "",
        "governance.development-sessions",
        False,
    ),
    (
        "learning",
        "Learning through the partnership",
        "What the partnership learned from reviews, national learning, audits and the views of practitioners.",
        "reviews*\nlearning-audits\nlearning-recurring-themes\nlearning-section-11\nlearning-survey-*\n"
        "learning-assurance\nwebsite.*",
        True,
    ),
    (
        "training",
        "Training and its impact",
        "",
        "training.*",
        True,
    ),
    (
        "key-considerations",
        "Key considerations",
        "Looked-after children and care leavers, and the use of restraint at the secure children's home.",
        "restraint*",
        True,
    ),
    (
        "early-help",
        "Early help and programmes",
        "",
        "scorecards-early-help\nscorecards-icon",
        True,
    ),
    (
        "achievements",
        "Achievements against our priorities",
        "",
        "learning.improvement-themes",
        True,
    ),
    (
        "scrutiny",
        "The independent scrutineer's overview",
        "",
        "learning-scrutiny",
        True,
    ),
    (
        "whats-next",
        "What's next",
        "The partnership's priorities for the coming year.",
        "",
        True,
    ),
    (
        "appendices",
        "Appendices",
        "",
        "",
        False,
    ),
]


def add_outline(apps, schema_editor):
    OutlineChapter = apps.get_model("reports", "OutlineChapter")
    for order, (slug, title, intro, section_slugs, has_narrative) in enumerate(OUTLINE, start=1):
        OutlineChapter.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order * 10,
                "title": title,
                "intro": intro,
                "section_slugs": section_slugs,
                "has_narrative": has_narrative,
            },
        )


def remove_outline(apps, schema_editor):
    OutlineChapter = apps.get_model("reports", "OutlineChapter")
    OutlineChapter.objects.filter(slug__in=[row[0] for row in OUTLINE]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(add_outline, remove_outline)]
