"""The reference data kept as files (issue 14, item 6): the database the migrations build matches the
files; an editor corrects a citation by editing a file and running `sync_reference_data`; the sync
never deletes, never touches a group's own rows, sets only the fields a record names, and a bad file
stops it with an error naming the file and the record, with nothing half-applied."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from appeals.models import Argument, Citation, DraftTemplate
from config.reference_data import ReferenceDataError, reference_files, sync_reference_data
from permits.models import Authority, DeadlineRule, Jurisdiction, RefusalReason
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ICCPR_EN = "International Covenant on Civil and Political Rights"


@pytest.fixture
def files(tmp_path):
    """Editable copies of every reference file, by name (arguments.en.yaml …)."""
    copies = {}
    for path in reference_files():
        copy = tmp_path / path.parent.parent.name / path.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copy(path, copy)
        copies[path.name] = copy
    return copies


def edit(path: Path, change):
    """Apply `change` to the file's text (a search-and-replace keeps the anchors an editor sees)."""
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text
    path.write_text(new, encoding="utf-8")


def sync(files, **options):
    return sync_reference_data(paths=list(files.values()), **options)


def test_the_database_the_migrations_built_matches_the_files(capsys):
    call_command("sync_reference_data", "--check")
    assert "matches the 10 reference files" in capsys.readouterr().out


def test_the_files_hold_what_the_seed_migrations_held():
    assert Jurisdiction.objects.get(code="KZ-ALA").parent.code == "KZ"
    assert Authority.objects.shared().get(code="akimat-almaty").name_kk == "Алматы қаласының әкімдігі"
    assert RefusalReason.objects.count() == 10
    assert DeadlineRule.objects.count() == 7
    assert Argument.objects.shared().count() == 36  # 12 arguments in 3 languages
    assert DraftTemplate.objects.count() == 15  # 5 venues in 3 languages
    late = Argument.objects.get(code="late-filing-dates", language="kk")
    assert [r.code for r in late.reasons.all()] == ["late_filing"]
    assert [c.article_or_paragraph for c in late.citations.all()] == [
        "10-бап",
        "12-баптың 1-тармағы",
        "14-баптың 1-тармағы",
    ]


def test_running_it_twice_changes_nothing(files):
    first = sync(files)
    assert not first.changed
    assert not sync(files).changed


def test_an_editor_corrects_a_citation_once_and_every_argument_citing_it_follows(files):
    citing = Citation.objects.filter(instrument=ICCPR_EN, argument__language="en")
    arguments = {c.argument_id: c.argument.version for c in citing}
    assert len(arguments) > 1
    edit(
        files["arguments.en.yaml"],
        lambda text: text.replace("article_or_paragraph: art. 21", "article_or_paragraph: article 21", 1),
    )

    report = sync(files)

    assert {c.article_or_paragraph for c in Citation.objects.filter(instrument=ICCPR_EN, argument__language="en")} == {
        "article 21"
    }
    # Drafts record the version of each argument they cite: every changed argument has a new one.
    for argument in Argument.objects.filter(pk__in=arguments):
        assert argument.version == arguments[argument.pk] + 1
    assert len(report.changes) == len(arguments)
    assert all("citations" in str(change) for change in report.changes)
    assert not sync(files).changed


def test_check_lists_the_difference_exits_non_zero_and_changes_nothing(files, tmp_path, monkeypatch):
    edit(files["refusal_reasons.yaml"], lambda text: text.replace("en: Late filing", "en: Filed late"))
    monkeypatch.setattr("config.reference_data.reference_files", lambda app_labels=None: list(files.values()))
    with pytest.raises(CommandError, match="1 record"):
        call_command("sync_reference_data", "--check")
    assert RefusalReason.objects.get(code="late_filing").name_en == "Late filing"

    call_command("sync_reference_data")
    assert RefusalReason.objects.get(code="late_filing").name_en == "Filed late"
    call_command("sync_reference_data", "--check")


def test_a_new_record_is_created_and_a_group_or_editor_row_not_in_the_files_is_kept(files):
    group = OrganizationFactory()
    own = Authority.objects.create(
        name="Akimat of Almaty city",
        jurisdiction_id=Jurisdiction.objects.get(code="KZ-ALA").pk,
        organization=group,
        review_status="pending",
    )
    editors = Argument.objects.create(code="editors-own", language="en", title="Editor's", text="Kept.")
    private = Argument.objects.create(
        code="place-taken-burden", language="en", title="Our wording", text="Private.", organization=group
    )
    seeded = len(yaml.safe_load(files["jurisdictions.yaml"].read_text(encoding="utf-8"))["records"])
    edit(
        files["jurisdictions.yaml"],
        lambda text: (
            text + "  - code: KZ-19-TALGAR\n    name: {en: Talgar, ru: Талгар, kk: Талғар}\n"
            "    country: KZ\n    subdivision: ''\n    time_zone: Asia/Almaty\n    parent: KZ-19\n"
            "    source: a city made one of regional significance (an example)\n"
        ),
    )

    report = sync(files)

    assert [(c.action, c.record) for c in report.changes] == [("created", f"record {seeded + 1} (code=KZ-19-TALGAR)")]
    assert Jurisdiction.objects.get(code="KZ-19-TALGAR").name_kk == "Талғар"
    assert Jurisdiction.objects.get(code="KZ-19-TALGAR").parent.code == "KZ-19"
    own.refresh_from_db()
    private.refresh_from_db()
    assert own.organization == group
    assert (private.title, private.text, private.version) == ("Our wording", "Private.", 1)
    assert Argument.objects.filter(pk=editors.pk).exists()


def test_only_the_fields_a_record_names_are_set(files):
    rule = DeadlineRule.objects.get(code="court-claim")
    rule.valid_to = None
    rule.url = "https://example.org/checked-by-an-editor"
    rule.save()
    document = yaml.safe_load(files["deadline_rules.yaml"].read_text(encoding="utf-8"))
    court = next(r for r in document["records"] if r["code"] == "court-claim")
    court.pop("url")
    files["deadline_rules.yaml"].write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")

    assert not sync(files).changed
    rule.refresh_from_db()
    assert rule.url == "https://example.org/checked-by-an-editor"


def test_a_value_the_model_normalizes_is_no_difference(files):
    # clean() sorts a rule's event types: a file listing them in another order changes nothing.
    edit(
        files["deadline_rules.yaml"],
        lambda text: text.replace("- meeting\n      - picket\n", "- picket\n      - meeting\n", 1),
    )
    assert not sync(files).changed


def test_from_a_migration_a_field_the_model_does_not_have_yet_is_skipped_not_an_error(files):
    """0017_reference_data runs with the models of its time: the authorities (keyed by a code 0018
    adds) and the Russian and Kazakh legal basis wait for 0019, which loads them."""
    state = MigrationLoader(connection).project_state(("permits", "0016_corrections_and_late_filings"))
    report = sync_reference_data(apps=state.apps, app_labels=["permits"], check=True)
    assert not report.changed
    assert {"permits.Authority.code", "permits.RefusalReason.legal_basis_ru"} <= report.skipped_fields
    with pytest.raises(ReferenceDataError, match="no field “colour”"):
        edit(
            files["refusal_reasons.yaml"],
            lambda text: text.replace("  - code: other\n", "  - code: other\n    colour: red\n"),
        )
        sync(files)


def test_a_bad_record_names_the_file_and_record_and_nothing_is_half_applied(files):
    edit(files["refusal_reasons.yaml"], lambda text: text.replace("en: Late filing", "en: Filed late"))
    edit(files["jurisdictions.yaml"], lambda text: text.replace("time_zone: Asia/Almaty", "time_zone: Mars/Olympus", 1))

    with pytest.raises(ReferenceDataError) as error:
        sync(files)

    assert "jurisdictions.yaml: record 1 (code=KZ)" in str(error.value)
    assert "Mars/Olympus is not a known time zone" in str(error.value)
    assert RefusalReason.objects.get(code="late_filing").name_en == "Late filing"


PLACE_TAKEN = "  - code: place-taken-burden\n"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("kind: ground", "kind: grounds", 1), "kind"),
        (lambda t: t.replace(PLACE_TAKEN, PLACE_TAKEN + "    colour: red\n", 1), "no field “colour”"),
        (lambda t: t.replace("- conflicting_event", "- no_such", 1), "no refusal reason with code “no_such”"),
        (lambda t: t.replace(PLACE_TAKEN, PLACE_TAKEN + "    is_active: {fr: oui}\n", 1), "unknown languages fr"),
        (lambda t: t + "  - [not, a, record]\n", "is not a mapping"),
        (lambda t: t.replace("records:", "recrods:"), "unknown top-level keys recrods"),
        (lambda t: t + "  : - {\n", "not valid YAML"),
        (lambda t: t.replace("model: appeals.Argument", "model: appeals.Argumnet"), "no model appeals.Argumnet"),
    ],
)
def test_each_kind_of_mistake_in_a_file_gets_a_clear_error(files, change, message):
    edit(files["arguments.en.yaml"], change)
    with pytest.raises(ReferenceDataError, match=r"arguments\.en\.yaml") as error:
        sync(files)
    assert message in str(error.value)


def test_the_command_reports_a_bad_file_as_an_error_not_a_traceback(files, monkeypatch):
    edit(files["deadline_rules.yaml"], lambda text: text.replace("count: 7", "count: 0"))
    monkeypatch.setattr("config.reference_data.reference_files", lambda app_labels=None: list(files.values()))
    with pytest.raises(CommandError, match=r"deadline_rules\.yaml: record 2 .*approval-response.*count"):
        call_command("sync_reference_data")


def test_every_english_text_of_the_permits_files_has_its_russian_and_kazakh():
    languages = {code for code, _name in settings.LANGUAGES}
    for path in reference_files(["permits"]):
        for record in yaml.safe_load(path.read_text(encoding="utf-8"))["records"]:
            for field, value in record.items():
                if isinstance(value, dict) and value.get("en"):
                    assert set(value) == languages, (path.name, record.get("code"), field)
