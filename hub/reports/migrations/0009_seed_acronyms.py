"""The abbreviations the yearly report writes out in full on first use, as the partnership starts
with them: those in the demo partnership's report and others common in safeguarding reports. The
business unit edits the list in the back office."""

from django.db import migrations

ACRONYMS = [
    ("AIM", "Assessment, Intervention and Moving on"),
    ("CAMHS", "Child and Adolescent Mental Health Services"),
    ("CCE", "child criminal exploitation"),
    ("CCG", "Clinical Commissioning Group"),
    ("CCTV", "closed-circuit television"),
    ("CDDFT", "County Durham and Darlington NHS Foundation Trust"),
    ("CDOP", "Child Death Overview Panel"),
    ("CEG", "Child Exploitation Group"),
    ("CSE", "child sexual exploitation"),
    ("CSPR", "child safeguarding practice review"),
    ("DfE", "Department for Education"),
    ("DSL", "designated safeguarding lead"),
    ("EHCP", "education, health and care plan"),
    ("ELG", "Embedding Learning Group"),
    ("HMICFRS", "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"),
    ("HSB", "harmful sexual behaviour"),
    ("ICB", "Integrated Care Board"),
    ("ICON", "Infant crying is normal, Comfort methods can help, It's OK to walk away, Never ever shake a baby"),
    ("JTAI", "joint targeted area inspection"),
    ("LADO", "Local Authority Designated Officer"),
    ("LCSPR", "local child safeguarding practice review"),
    ("LSCP", "Local Safeguarding Children Partnership"),
    ("MARAC", "multi-agency risk assessment conference"),
    ("MASH", "Multi-Agency Safeguarding Hub"),
    ("NHS", "National Health Service"),
    ("Ofsted", "Office for Standards in Education, Children's Services and Skills"),
    ("PCIG", "Performance, Challenge and Impact Group"),
    ("PEEL", "police effectiveness, efficiency and legitimacy"),
    ("SCR", "serious case review"),
    ("SEND", "special educational needs and disabilities"),
    ("SPOC", "single point of contact"),
    ("WLD", "Workforce Learning and Development Group"),
]


def add_acronyms(apps, schema_editor):
    Acronym = apps.get_model("reports", "Acronym")
    for abbreviation, expansion in ACRONYMS:
        Acronym.objects.get_or_create(abbreviation=abbreviation, defaults={"expansion": expansion})


def remove_acronyms(apps, schema_editor):
    Acronym = apps.get_model("reports", "Acronym")
    Acronym.objects.filter(abbreviation__in=[row[0] for row in ACRONYMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_pdf_runs_and_acronyms")]

    operations = [migrations.RunPython(add_acronyms, remove_acronyms)]
