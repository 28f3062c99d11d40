"""The statutory clocks as the partnership starts with them (reference: Working Together and the
Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018).

Rules the partnership has not checked against the guidance are marked unconfirmed; staff change
them, or add a newer rule with the date new guidance came into force, in the back office.
"""

from datetime import date

from django.db import migrations

RULES = (
    ("notification", 5, "working-days", "after", "the local authority became aware of the incident",
     "Children Act 2004 s16C; Working Together 2018", True, ""),
    ("rapid-review", 15, "working-days", "after", "the local authority became aware of the incident",
     "Working Together 2018, chapter 4", True, "The rapid review is complete when it is sent to the national panel."),
    ("decision-notice", 5, "working-days", "after", "the rapid review's decision",
     "Working Together 2018, chapter 4 (local procedures)", False,
     "Partners tell the panel, Ofsted and DfE of the decision; the 5 working days follow local procedures."),
    ("practice-review", 6, "months", "after", "the decision to commission the review",
     "Working Together 2018, chapter 4", False, "Partners should aim to complete a local review within six months."),
    ("final-report", 7, "working-days", "before", "publication",
     "Child Safeguarding Practice Review and Relevant Agency (England) Regulations 2018", False,
     "A copy of the final report goes to the panel and the Secretary of State at least 7 working days before "
     "publication."),
    ("kept-online", 12, "months", "after", "publication", "Working Together 2018, chapter 4", False,
     "A published report should stay available for at least one year."),
)


def seed(apps, schema_editor):
    ClockRule = apps.get_model("reviews", "ClockRule")
    for clock, amount, unit, direction, anchor, guidance, confirmed, notes in RULES:
        ClockRule.objects.get_or_create(
            clock=clock,
            effective_from=date(2018, 6, 29),
            defaults={
                "amount": amount,
                "unit": unit,
                "direction": direction,
                "anchor": anchor,
                "guidance": guidance,
                "confirmed": confirmed,
                "notes": notes,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
