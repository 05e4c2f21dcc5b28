"""A code for each shared authority (its key in permits/reference/authorities.yaml), and a refusal
reason's legal basis and a rule's note on counting translated (issue 13, item 9). The texts are filled
by 0019 (on PostgreSQL, rows written in the migration that creates an index make it fail)."""

from django.conf import settings
from django.db import migrations, models


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
    ]
