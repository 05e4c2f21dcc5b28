"""Preparing a filing (issue 17, item 3): the Almaty 2021 march as an application for approval in
Russian, a picket as a notification in Kazakh, read back with python-docx; the checker's refusals;
the personal data kept only when asked."""

import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import docx
import pytest
from django.apps import apps
from django.db import models

from permits.filing import answers as filing_answers
from permits.filing.requirements import RequirementsError, parse, requirements
from permits.filing.services import FilingIncomplete, NotADraft, filing_prepare, starting_answers
from permits.models import Authority, Document, FilingDetails
from permits.services import application_create
from tests.factories import PermitApplicationFactory, filed_application

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
MARCH_ORGANIZERS = [
    {
        "name": "Айжан Серикова",
        "id_number": "900101400123",
        "address": "г. Алматы, ул. Абая, 10, кв. 5",
        "phone": "+7 701 111 22 33",
        "email": "aizhan@example.org",
    },
    {
        "name": "Светлана Ким",
        "id_number": "880202400456",
        "address": "г. Алматы, пр. Достык, 20",
        "phone": "+7 702 444 55 66",
    },
]


def akimat_of_almaty():
    return Authority.objects.shared().get(jurisdiction__code="KZ-ALA", name_en="Akimat of Almaty city")


def almaty_march_2021(world):
    """The demo's 2021 march (appeals' load_demo) as the draft it was before 16 November 2021."""
    return application_create(
        by=world.coordinator,
        organization=world.lead,
        applicant_names=["Айжан Серикова", "Светлана Ким"],
        title="Women's march on 8 March 2022",
        event_type="march",
        purpose="За права женщин: против гендерного насилия и за равенство.",
        starts_at=dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY),
        ends_at=dt.datetime(2022, 3, 8, 15, tzinfo=ALMATY),
        location="Площадь Шокана Валиханова, Алматы",
        route="От площади Валиханова по улице Шевченко",
        expected_participants=1000,
        authority=akimat_of_almaty(),
    )


MARCH_ANSWERS = {
    "language": "ru",
    "organizers": MARCH_ORGANIZERS,
    "order_and_safety": "30 распорядителей с повязками; взаимодействие с полицией",
    "medical_help": "Дежурная бригада скорой помощи по договорённости",
}


def picket(world, **fields):
    return PermitApplicationFactory(
        organization=world.lead,
        authority=akimat_of_almaty(),
        event_type="picket",
        purpose="Баспана зорлық-зомбылық құрбандарына",
        location="Махатма Ганди саябағы, Алматы",
        expected_participants=1,
        **fields,
    )


PICKET_ANSWERS = {
    "language": "kk",
    "organizers": [
        {
            "name": "Әсел Нұрланқызы",
            "id_number": "950505400789",
            "address": "Алматы қ., Төле би к., 5",
            "phone": "87011234567",
        }
    ],
    "order_and_safety": "Ұйымдастырушы тәртіпті өзі қадағалайды",
    "medical_help": "Дәрі қобдишасы",
}


def prepare(application, given, *, remember=False, by=None):
    answers = filing_answers.completed(starting_answers(application), given)
    return filing_prepare(application=application, answers=answers, remember=remember, by=by)


def text_of(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def test_the_almaty_march_is_an_application_for_approval_in_russian(world):
    march = almaty_march_2021(world)
    prepared = prepare(march, MARCH_ANSWERS, by=world.coordinator)
    text = text_of(prepared.content)
    assert "ЗАЯВЛЕНИЕ" in text and "статьёй 12" in text
    assert "Кому: Акимат города Алматы" in text
    for expected in [
        "шестви",  # the form
        "За права женщин",
        "Площадь Шокана Валиханова",
        "От площади Валиханова по улице Шевченко",
        "8 марта 2022",
        "12:00",
        "15:00",
        "1000",
        "900101400123",
        "г. Алматы, ул. Абая, 10, кв. 5",
        "+7 701 111 22 33",
        "880202400456",
        "30 распорядителей",
        "скорой помощи",
        "[проверить]",
    ]:
        assert expected in text, expected
    # 2021's last day to file has long passed: the file says so, and is still written.
    assert "истёк" in text or "прошёл" in text


def test_the_picket_is_a_notification_in_kazakh(world):
    application = picket(world, starts_at=dt.datetime.now(ALMATY) + dt.timedelta(days=40))
    prepared = prepare(application, PICKET_ANSWERS, by=world.member)
    text = text_of(prepared.content)
    assert "ХАБАРЛАМА" in text
    assert "10-бабына" in text
    assert "Алматы қаласының әкімдігі" in text
    for expected in [
        "пикет",
        "Махатма Ганди саябағы",
        "950505400789",
        "Алматы қ., Төле би к., 5",
        "87011234567",
        "[тексеріңіз]",
    ]:
        assert expected in text, expected
    assert "Маршрут" not in text and "маршрут" not in text  # a picket has no route


def test_the_file_is_attached_as_the_filing_document(world):
    application = picket(world, starts_at=dt.datetime.now(ALMATY) + dt.timedelta(days=40))
    prepared = prepare(application, PICKET_ANSWERS, by=world.member)
    document = Document.objects.get(application=application)
    assert document.kind == Document.Kind.FILING and document.pk == prepared.document.pk
    assert document.content_type.endswith("wordprocessingml.document")
    with document.file.open("rb") as handle:
        assert handle.read() == prepared.content
    assert "950505400789" not in document.title and "Әсел" not in document.title


def test_a_march_without_a_route_is_refused_naming_article_12(world):
    march = almaty_march_2021(world)
    with pytest.raises(FilingIncomplete) as refused:
        prepare(march, {**MARCH_ANSWERS, "route": ""})
    [missing] = refused.value.missing
    assert (missing.code, missing.article) == ("route", "Art. 12 p. 2")
    assert "Art. 12 p. 2" in missing.message()
    assert not Document.objects.filter(application=march).exists()


def test_an_organizer_without_an_id_number_is_refused_naming_article_10(world):
    application = picket(world, starts_at=dt.datetime.now(ALMATY) + dt.timedelta(days=40))
    organizer = {**PICKET_ANSWERS["organizers"][0], "id_number": ""}
    with pytest.raises(FilingIncomplete) as refused:
        prepare(application, {**PICKET_ANSWERS, "organizers": [organizer]})
    assert [(m.code, m.article, m.organizer) for m in refused.value.missing] == [
        ("organizer_id_number", "Art. 10 p. 3", 1)
    ]


def test_no_organizer_at_all_is_refused(world):
    application = picket(world, starts_at=dt.datetime.now(ALMATY) + dt.timedelta(days=40))
    with pytest.raises(FilingIncomplete) as refused:
        prepare(application, {**PICKET_ANSWERS, "organizers": []})
    assert "organizers" in [m.code for m in refused.value.missing]


def test_a_filed_application_is_not_prepared(world):
    application = filed_application(organization=world.lead)
    with pytest.raises(NotADraft):
        prepare(application, MARCH_ANSWERS)


def database_holds(value: str) -> bool:
    """Whether any text or JSON column of any model (the audit trail's included) holds `value`."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                if model._base_manager.filter(**{f"{field.attname}__contains": value}).exists():
                    return True
            elif isinstance(field, models.JSONField) and any(
                value in json.dumps(v, ensure_ascii=False)
                for v in model._base_manager.values_list(field.attname, flat=True)
            ):
                return True
    return False


def test_personal_data_is_not_kept_without_remember(world):
    march = almaty_march_2021(world)
    prepare(march, MARCH_ANSWERS, remember=False, by=world.coordinator)
    assert not FilingDetails.objects.exists()
    for value in ("900101400123", "ул. Абая, 10", "+7 701 111 22 33", "880202400456"):
        assert not database_holds(value), value


def test_remember_keeps_them_for_the_next_filing_and_unticking_forgets(world):
    march = almaty_march_2021(world)
    prepare(march, MARCH_ANSWERS, remember=True, by=world.coordinator)
    details = FilingDetails.objects.get(application=march)
    assert details.organizers[0]["id_number"] == "900101400123"
    assert database_holds("900101400123")
    again = starting_answers(march)
    assert again.organizers[1].phone == "+7 702 444 55 66" and again.medical_help.startswith("Дежурная")
    prepare(march, MARCH_ANSWERS, remember=False, by=world.coordinator)
    assert not FilingDetails.objects.exists()
    assert not database_holds("900101400123")


def test_only_the_lead_groups_editors_read_what_was_remembered(world):
    march = almaty_march_2021(world)
    prepare(march, MARCH_ANSWERS, remember=True, by=world.coordinator)
    assert FilingDetails.objects.editable_by(world.member).count() == 1
    for stranger in (world.legal, world.co_member, world.outsider):
        assert not FilingDetails.objects.editable_by(stranger).exists()


def test_every_item_is_marked_verify_and_cites_no_subparagraph():
    items = requirements().items
    assert items and all(item.status == "verify" for item in items)
    assert {regime.article for regime in requirements().regimes.values()} == {"Art. 10 p. 3", "Art. 12 p. 2"}
    assert requirements().regime_for("march").article == "Art. 12 p. 2"
    assert requirements().regime_for("picket").article == "Art. 10 p. 3"
    assert requirements().regime_for("other") is None


def test_a_requirement_without_a_status_stops_the_loader():
    bad = {
        "version": 1,
        "source": "x",
        "regimes": {
            "notification": {
                "event_types": ["picket"],
                "article": "Art. 10 p. 3",
                "article_in": {"en": "a", "ru": "b", "kk": "c"},
            }
        },
        "items": [
            {
                "code": "purpose",
                "answer": "purpose",
                "regimes": ["notification"],
                "source": "x",
                "label": {"en": "a", "ru": "b", "kk": "c"},
            }
        ],
    }
    with pytest.raises(RequirementsError, match="purpose"):
        parse(json.loads(json.dumps(bad)))


def test_the_demos_2021_march_as_a_draft_gives_every_item_it_holds(world):
    """The march of the demo (appeals' load_demo), copied as the draft it was before 16 November 2021."""
    from django.core.management import call_command

    from permits.models import PermitApplication

    call_command("load_demo", force=True, verbosity=0)
    demo = PermitApplication.objects.get(title="Women's march on 8 March 2022")
    draft = application_create(
        by=world.coordinator,
        organization=world.lead,
        applicant_names=[applicant.name for applicant in demo.applicants.all()],
        title=demo.title,
        **{name: getattr(demo, name) for name in filing_answers.FROM_APPLICATION},
        authority=demo.authority,
    )
    prepared = prepare(draft, MARCH_ANSWERS, by=world.coordinator)
    document = Document.objects.get(application=draft)
    assert document.kind == "filing"
    text = text_of(prepared.content)
    for expected in [demo.purpose, demo.location, demo.route, "1000", "Акимат города Алматы", "900101400123"]:
        assert expected in text, expected
    assert "Маршрут движения" in text  # the route's item, from requirements.yaml in Russian
