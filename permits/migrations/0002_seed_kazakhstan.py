"""Kazakhstan's jurisdictions, city akimats and the refusal taxonomy (LEGAL.md §2).

Legal-basis strings name only subparagraphs of Law 333-VI Art. 14 p. 1 that LEGAL.md marks as
read; the taxonomy is re-runnable: rows are matched by code and updated in place."""

from django.db import migrations

JURISDICTIONS = [
    # code, name, country, holiday subdivision, time zone
    ("KZ", "Kazakhstan", "KZ", "", "Asia/Almaty"),
    ("KZ-ALA", "Almaty", "KZ", "", "Asia/Almaty"),
    ("KZ-AST", "Astana", "KZ", "", "Asia/Almaty"),
    ("KZ-SHY", "Shymkent", "KZ", "", "Asia/Almaty"),
]

AUTHORITIES = [
    ("KZ-ALA", "Akimat of Almaty city"),
    ("KZ-AST", "Akimat of Astana city"),
    ("KZ-SHY", "Akimat of Shymkent city"),
]

ART14 = "Law 333-VI Art. 14 p. 1"
REFUSAL_REASONS = [
    ("conflicting_event", "Conflicting event",
     "The place and time are said to be taken by another event planned earlier.", f"{ART14} sub. 10"),
    ("repair_works", "Repair or construction works",
     "Repair, installation or construction works are said to be under way at the place.", f"{ART14} sub. 10"),
    ("public_health", "Public health / epidemiological situation",
     "A threat to health protection, e.g. quarantine or the epidemiological situation.", f"{ART14} sub. 3"),
    ("public_order", "Public order",
     "A threat to public order or to the rights and freedoms of others.", f"{ART14} sub. 3"),
    ("security_threat", "State security threat",
     "A threat to state security, or aims against the constitutional order.", f"{ART14} subs. 1, 3"),
    ("prohibited_location", "Prohibited location",
     "The place is said to be one where assemblies are not allowed.", ""),
    ("late_filing", "Late filing",
     "The notification or application is said to have been filed after the legal deadline.", f"{ART14} sub. 4"),
    ("incomplete_application", "Incomplete or defective application",
     "Information required by the law is said to be missing, or a signature is missing.", f"{ART14} sub. 5"),
    ("organizer_ineligible", "Organizer not eligible",
     "The organizer is said to be a person who may not organize assemblies (Art. 5 p. 6).", f"{ART14} sub. 2"),
    ("other", "Other", "A ground that fits none of the categories above; quote it in full.", ""),
]


def seed(apps, schema_editor):
    Jurisdiction = apps.get_model("permits", "Jurisdiction")
    Authority = apps.get_model("permits", "Authority")
    RefusalReason = apps.get_model("permits", "RefusalReason")
    for code, name, country, subdivision, tz in JURISDICTIONS:
        Jurisdiction.objects.update_or_create(
            code=code, defaults={"name": name, "country": country, "subdivision": subdivision, "time_zone": tz}
        )
    for code, name in AUTHORITIES:
        Authority.objects.get_or_create(jurisdiction=Jurisdiction.objects.get(code=code), name=name)
    for position, (code, name, description, basis) in enumerate(REFUSAL_REASONS):
        RefusalReason.objects.update_or_create(
            code=code, defaults={"name": name, "description": description, "legal_basis": basis, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("permits", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
