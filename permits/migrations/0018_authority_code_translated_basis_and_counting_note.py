"""A code for each shared authority (its key in permits/reference/authorities.yaml), and a refusal
reason's legal basis and a rule's note on counting translated (issue 13, item 9).

On a database the old seed migrations filled, the three seeded akimats get their codes, the English
column of the two translated fields takes the text the rows have, and the Russian and Kazakh texts
come from the reference files (only these fields: nothing else an editor changed is touched). On a
new database, 0017_reference_data could not load the authorities (they had no code yet) nor these
translations: they are loaded here.
"""

from django.conf import settings
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

    dependencies = [
        ('organizations', '0004_invitation_by_username'),
        ('permits', '0017_reference_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='authority',
            name='code',
            field=models.SlugField(blank=True, help_text='Stable name of a shared authority in the reference files, e.g. akimat-almaty.', max_length=60, verbose_name='code'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='counting_note_en',
            field=models.TextField(blank=True, null=True, verbose_name='note on counting'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='counting_note_kk',
            field=models.TextField(blank=True, null=True, verbose_name='note on counting'),
        ),
        migrations.AddField(
            model_name='deadlinerule',
            name='counting_note_ru',
            field=models.TextField(blank=True, null=True, verbose_name='note on counting'),
        ),
        migrations.AddField(
            model_name='refusalreason',
            name='legal_basis_en',
            field=models.CharField(blank=True, help_text='The provision the ground corresponds to, e.g. Law 333-VI Art. 14 p. 1 sub. 10.', max_length=200, null=True, verbose_name='legal basis'),
        ),
        migrations.AddField(
            model_name='refusalreason',
            name='legal_basis_kk',
            field=models.CharField(blank=True, help_text='The provision the ground corresponds to, e.g. Law 333-VI Art. 14 p. 1 sub. 10.', max_length=200, null=True, verbose_name='legal basis'),
        ),
        migrations.AddField(
            model_name='refusalreason',
            name='legal_basis_ru',
            field=models.CharField(blank=True, help_text='The provision the ground corresponds to, e.g. Law 333-VI Art. 14 p. 1 sub. 10.', max_length=200, null=True, verbose_name='legal basis'),
        ),
        migrations.AddConstraint(
            model_name='authority',
            constraint=models.UniqueConstraint(condition=models.Q(('organization__isnull', True), models.Q(('code', ''), _negated=True)), fields=('code',), name='authority_unique_code_among_shared'),
        ),
        migrations.RunPython(fill_codes_and_english, migrations.RunPython.noop),
        sync_operation(
            app_labels=["permits"],
            fields={"permits.RefusalReason": {"legal_basis"}, "permits.DeadlineRule": {"counting_note"}},
            create_missing=True,
        ),
    ]
