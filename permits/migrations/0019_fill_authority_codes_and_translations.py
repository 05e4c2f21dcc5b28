"""The authorities' codes and the translated legal basis and counting notes of 0018, filled.

On a database the old seed migrations filled, the three seeded akimats get their codes, the English
column of the two translated fields takes the text the rows have, and the Russian and Kazakh texts
come from the reference files (only these fields: nothing else an editor changed is touched). On a
new database, 0017_reference_data could not load the authorities (they had no code yet) nor these
translations: they are loaded here.
"""

from django.db import migrations, models

from config.reference_data import sync_operation

SEEDED_AUTHORITIES = {
    # (jurisdiction, English name as 0002_seed_kazakhstan created it): code
    ("KZ-ALA", "Akimat of Almaty city"): "akimat-almaty",
    ("KZ-AST", "Akimat of Astana city"): "akimat-astana",
    ("KZ-SHY", "Akimat of Shymkent city"): "akimat-shymkent",
}


def fill_codes_and_english(apps, schema_editor):
    Authority = apps.get_model("permits", "Authority")
    RefusalReason = apps.get_model("permits", "RefusalReason")
    DeadlineRule = apps.get_model("permits", "DeadlineRule")
    for (jurisdiction, name), code in SEEDED_AUTHORITIES.items():
        Authority.objects.filter(
            organization__isnull=True, jurisdiction__code=jurisdiction, name_en=name, code=""
        ).update(code=code)
    # The English text is what the other languages fall back to: every row keeps the one it had.
    for model, field in ((RefusalReason, "legal_basis"), (DeadlineRule, "counting_note")):
        model.objects.filter(**{f"{field}_en__isnull": True}).update(**{f"{field}_en": models.F(field)})


class Migration(migrations.Migration):
    dependencies = [("permits", "0018_authority_code_translated_basis_and_counting_note")]

    operations = [
        migrations.RunPython(fill_codes_and_english, migrations.RunPython.noop),
        sync_operation(
            app_labels=["permits"],
            fields={"permits.RefusalReason": {"legal_basis"}, "permits.DeadlineRule": {"counting_note"}},
            create_missing=True,
        ),
    ]
