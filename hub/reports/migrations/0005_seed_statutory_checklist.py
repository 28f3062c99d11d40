"""The statutory checklist as the partnership starts with it, from what the guidance is known to
expect of a yearly report (docs/guides/yearly-report.md). Items nobody has yet confirmed against
the current guidance are marked unconfirmed; the business unit edits them in the back office."""

from django.db import migrations

SECTION = "section"
NARRATIVE = "narrative"

# slug, title, source, verified, required, judged by, section pattern or chapter slug
CHECKLIST = [
    (
        "what-partners-did",
        "What the partners and relevant agencies did as a result of the arrangements",
        "Working Together to Safeguard Children: yearly report of the arrangements",
        True,
        True,
        NARRATIVE,
        "achievements",
    ),
    (
        "practice-reviews",
        "Child safeguarding practice reviews: those started, published and their learning",
        "Working Together to Safeguard Children: yearly report of the arrangements",
        True,
        True,
        SECTION,
        "reviews*",
    ),
    (
        "effectiveness",
        "How effective the arrangements have been in practice",
        "Working Together to Safeguard Children: yearly report of the arrangements",
        True,
        True,
        NARRATIVE,
        "learning",
    ),
    (
        "progress-and-weaknesses",
        "Evidence of progress, weaknesses with their causes, and the action taken on them",
        "Common content of partnerships' yearly reports",
        True,
        False,
        NARRATIVE,
        "achievements",
    ),
    (
        "training",
        "Training delivered and its evaluation",
        "Common content of partnerships' yearly reports",
        True,
        False,
        SECTION,
        "training.*",
    ),
    (
        "impact",
        "Evidence of the impact of the partners' work, including training, on outcomes for children "
        "and families",
        "Working Together 2018",
        False,
        True,
        SECTION,
        "training.evaluation",
    ),
    (
        "little-progress",
        "An analysis of any areas where there has been little or no evidence of progress on agreed "
        "priorities",
        "Working Together 2018",
        False,
        True,
        NARRATIVE,
        "achievements",
    ),
    (
        "review-recommendations",
        "Decisions and actions taken, or planned, on the recommendations of local and national reviews, "
        "with any improvements that followed",
        "Working Together 2018",
        False,
        True,
        SECTION,
        "reviews*",
    ),
    (
        "children-and-families-feedback",
        "How the partners sought and used feedback from children and families",
        "Working Together 2018",
        False,
        True,
        NARRATIVE,
        "learning",
    ),
    (
        "relevant-agencies",
        "How relevant agencies, including education, contributed",
        "Working Together 2023",
        False,
        True,
        SECTION,
        "core.partners",
    ),
    (
        "independent-scrutiny",
        "How independent scrutiny was used, what it found and how the partners responded",
        "Working Together 2023",
        False,
        True,
        SECTION,
        "learning-scrutiny",
    ),
    (
        "funding",
        "The funding of the arrangements",
        "Working Together 2023",
        False,
        True,
        SECTION,
        "governance.budget",
    ),
]


def add_checklist(apps, schema_editor):
    ChecklistItem = apps.get_model("reports", "ChecklistItem")
    OutlineChapter = apps.get_model("reports", "OutlineChapter")
    for order, (slug, title, source, verified, required, judged_by, where) in enumerate(CHECKLIST, start=1):
        chapter = OutlineChapter.objects.filter(slug=where).first() if judged_by == NARRATIVE else None
        ChecklistItem.objects.get_or_create(
            slug=slug,
            defaults={
                "order": order,
                "title": title,
                "source": source,
                "verified": verified,
                "required": required,
                "judged_by": judged_by,
                "section_pattern": where if judged_by == SECTION else "",
                "chapter": chapter,
            },
        )


def remove_checklist(apps, schema_editor):
    ChecklistItem = apps.get_model("reports", "ChecklistItem")
    ChecklistItem.objects.filter(slug__in=[row[0] for row in CHECKLIST]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_statutory_checklist")]

    operations = [migrations.RunPython(add_checklist, remove_checklist)]
