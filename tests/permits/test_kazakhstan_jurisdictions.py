"""Every akimat a group files with (issue 16, item 1): the 17 regions, the three cities of republican
significance and every city of regional significance, each in its region with its akimat, named in
three languages, in its IANA time zone, and governed by the country's deadline rules — the counts
checked against the ones recorded with the list's source in permits/reference/jurisdictions.yaml."""

import datetime as dt
import importlib.metadata
import re
import zoneinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import tzdata
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from permits.models import Authority, DeadlineKind, Jurisdiction, PermitApplication
from tests.factories import PermitApplicationFactory
from tests.permits.test_views_applications import new_application_data

pytestmark = pytest.mark.django_db

D = dt.date
UTC = dt.UTC
REFERENCE = Path(settings.BASE_DIR) / "permits" / "reference"
REPUBLICAN_CITIES = {"KZ-ALA", "KZ-AST", "KZ-SHY"}
# ISO 3166-2:KZ, as it stands since the three regions of 2022 (KZ-10 Abai, KZ-33 Jetisu, KZ-62 Ulytau).
ISO_REGIONS = {
    "KZ-10", "KZ-11", "KZ-15", "KZ-19", "KZ-23", "KZ-27", "KZ-31", "KZ-33", "KZ-35",
    "KZ-39", "KZ-43", "KZ-47", "KZ-55", "KZ-59", "KZ-61", "KZ-62", "KZ-63",
}  # fmt: skip
NEW = reverse("permits:application_create")


def recorded_counts() -> dict[str, int]:
    source = yaml.safe_load((REFERENCE / "jurisdictions.yaml").read_text(encoding="utf-8"))["source"]
    found = re.search(
        r"(\d+) regions, (\d+) cities of republican significance and (\d+) cities of regional significance",
        source,
    )
    assert found, "jurisdictions.yaml's source must say how many regions and cities the list counts"
    return dict(zip(("regions", "republican", "regional"), map(int, found.groups()), strict=True))


def kazakhstan():
    country = Jurisdiction.objects.get(code="KZ")
    top = country.children.all()
    regions = top.exclude(code__in=REPUBLICAN_CITIES)
    return {
        "country": country,
        "regions": regions,
        "republican": top.filter(code__in=REPUBLICAN_CITIES),
        "regional": Jurisdiction.objects.filter(parent__in=regions),
    }


def moment(day: dt.date, zone: str, hour=12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(zone))


def akimat(code: str) -> Authority:
    return Authority.objects.shared().get(code=code)


# --- the list, against its recorded source ----------------------------------------------------------
def test_the_seeded_list_has_as_many_regions_and_cities_as_its_source_records():
    counts, places = recorded_counts(), kazakhstan()
    assert counts["regions"] == 17
    assert counts["republican"] == 3
    assert places["regions"].count() == counts["regions"]
    assert places["republican"].count() == counts["republican"]
    assert places["regional"].count() == counts["regional"]


def test_the_regions_are_the_seventeen_of_iso_3166_2_kz_since_2022():
    assert set(kazakhstan()["regions"].values_list("code", flat=True)) == ISO_REGIONS
    assert Jurisdiction.objects.get(code="KZ-62").name_en == "Ulytau Region"
    assert Jurisdiction.objects.get(code="KZ-33").name_kk == "Жетісу облысы"
    assert Jurisdiction.objects.get(code="KZ-10").name_ru == "область Абай"


def test_every_city_of_regional_significance_lies_in_a_region_and_nothing_lies_deeper():
    places = kazakhstan()
    regional = places["regional"]
    assert {city.parent.code for city in regional} == ISO_REGIONS  # every region has at least one
    assert not Jurisdiction.objects.filter(parent__in=regional).exists()
    assert not Jurisdiction.objects.filter(parent__in=places["republican"]).exists()
    assert Jurisdiction.objects.filter(country="KZ").count() == 1 + 17 + 3 + regional.count()
    assert Jurisdiction.objects.get(code="KZ-62-ZHEZKAZGAN").parent.code == "KZ-62"  # Ulytau since 2022
    assert Jurisdiction.objects.get(code="KZ-10-SEMEY").parent.code == "KZ-10"  # Abai since 2022


def test_nothing_can_be_added_below_a_city_of_regional_significance():
    # Reports follow the tree three levels down (permits.models.jurisdictions.MAX_DEPTH): a fourth
    # level would drop its refusals from the country's report.
    city = Jurisdiction.objects.get(code="KZ-15-AKTOBE")
    place = {"name": "Somewhere", "country": "KZ", "time_zone": "Asia/Aqtobe"}
    with pytest.raises(ValidationError) as error:
        Jurisdiction(code="KZ-15-AKTOBE-X", parent=city, **place).full_clean()
    assert "no deeper" in str(error.value)
    Jurisdiction(code="KZ-15-KHROMTAU", parent=city.parent, **place).full_clean()  # a city in a region is fine


def test_the_cities_of_republican_significance_keep_their_codes_and_akimats():
    for code, authority in (("KZ-ALA", "akimat-almaty"), ("KZ-AST", "akimat-astana"), ("KZ-SHY", "akimat-shymkent")):
        assert Jurisdiction.objects.get(code=code).parent.code == "KZ"
        assert akimat(authority).jurisdiction.code == code


def test_every_region_and_city_has_one_akimat_named_in_three_languages():
    places = kazakhstan()
    for place in [*places["regions"], *places["republican"], *places["regional"]]:
        assert place.code.isascii()
        assert place.name_en and place.name_ru and place.name_kk, place.code
        (authority,) = Authority.objects.shared().filter(jurisdiction=place)
        assert authority.code.isascii()
        names = (authority.name_en, authority.name_ru, authority.name_kk)
        assert all(names) and len(set(names)) == 3, place.code


def test_every_jurisdiction_has_the_iana_zone_of_its_place():
    available = zoneinfo.available_timezones()
    for place in Jurisdiction.objects.filter(country="KZ"):
        assert place.time_zone in available, place.code
        if place.parent and place.parent.code != "KZ":
            assert place.time_zone == place.parent.time_zone, place.code
    zones = dict(Jurisdiction.objects.filter(code__in=ISO_REGIONS).values_list("code", "time_zone"))
    assert zones["KZ-15"] == "Asia/Aqtobe"
    assert zones["KZ-23"] == "Asia/Atyrau"
    assert zones["KZ-27"] == "Asia/Oral"
    assert zones["KZ-39"] == "Asia/Qostanay"
    assert zones["KZ-43"] == "Asia/Qyzylorda"
    assert zones["KZ-47"] == "Asia/Aqtau"
    assert zones["KZ-35"] == "Asia/Almaty"


# --- the time zone data in use ---------------------------------------------------------------------
def test_the_zone_data_in_use_knows_kazakhstans_single_zone_of_1_march_2024():
    almaty = ZoneInfo("Asia/Almaty")
    assert dt.datetime(2024, 2, 29, 12, tzinfo=almaty).utcoffset() == dt.timedelta(hours=6)
    assert dt.datetime(2024, 3, 1, 12, tzinfo=almaty).utcoffset() == dt.timedelta(hours=5)
    assert dt.datetime(2024, 3, 1, 12, tzinfo=ZoneInfo("Asia/Qostanay")).utcoffset() == dt.timedelta(hours=5)


def test_the_zones_come_from_the_pinned_tzdata_package_not_the_systems_copy():
    assert zoneinfo.TZPATH == ()  # an old system tz database would otherwise win
    pin = re.search(r"^tzdata==(\S+)$", (Path(settings.BASE_DIR) / "requirements.txt").read_text(), re.MULTILINE)
    assert pin and importlib.metadata.version("tzdata") == pin.group(1)
    assert tzdata.IANA_VERSION >= "2024a"


# --- deadlines: the country's rules, in the place's own zone -----------------------------------------
def filed_march(authority: Authority, *, filed_on: dt.date, on: dt.date) -> PermitApplication:
    zone = authority.jurisdiction.time_zone
    application = PermitApplicationFactory(
        event_type="march", starts_at=moment(on, zone), ends_at=None, authority=authority
    )
    application.file(on=filed_on)
    return application


def test_an_aktobe_application_gets_the_almaty_deadlines_in_aktobes_own_zone():
    almaty = filed_march(akimat("akimat-almaty"), filed_on=D(2021, 11, 16), on=D(2022, 3, 8))
    aktobe = filed_march(akimat("akimat-aktobe"), filed_on=D(2021, 11, 16), on=D(2022, 3, 8))

    for kind in (DeadlineKind.AUTHORITY_RESPONSE, DeadlineKind.LATEST_FILING):
        assert aktobe.deadline(kind).due_on == almaty.deadline(kind).due_on
        assert aktobe.deadline(kind).rule == almaty.deadline(kind).rule
    response = aktobe.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    assert response.due_on == D(2021, 11, 25)
    assert response.rule.jurisdiction.code == "KZ"  # inherited through Aktobe Region
    # In 2021 Aktobe was on UTC+5 and Almaty on UTC+6: the same day ends an hour later in Aktobe.
    assert response.due_at == dt.datetime(2021, 11, 25, 18, 59, 59, tzinfo=UTC)
    assert almaty.deadline(DeadlineKind.AUTHORITY_RESPONSE).due_at == dt.datetime(2021, 11, 25, 17, 59, 59, tzinfo=UTC)


def test_a_region_akimat_and_a_new_regions_city_inherit_the_countrys_rules_too():
    for code in ("akimat-ulytau-region", "akimat-zhezkazgan", "akimat-konaev"):
        application = filed_march(akimat(code), filed_on=D(2021, 11, 16), on=D(2022, 3, 8))
        assert application.response_due_on == D(2021, 11, 25), code
        assert application.latest_filing_on == D(2022, 2, 22), code


def test_a_2021_almaty_deadline_ends_at_midnight_utc_plus_6():
    application = filed_march(akimat("akimat-almaty"), filed_on=D(2021, 11, 16), on=D(2022, 3, 8))
    due_at = application.deadline(DeadlineKind.AUTHORITY_RESPONSE).due_at
    assert due_at == dt.datetime(2021, 11, 25, 17, 59, 59, tzinfo=UTC)  # 23:59:59 at UTC+6
    assert due_at.astimezone(ZoneInfo("Asia/Almaty")).utcoffset() == dt.timedelta(hours=6)


def test_a_2025_almaty_deadline_ends_at_midnight_utc_plus_5():
    application = filed_march(akimat("akimat-almaty"), filed_on=D(2025, 11, 17), on=D(2026, 2, 10))
    deadline = application.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    # 18 T, 19 W, 20 Th, 21 F, (22–23 weekend), 24 M, 25 T, 26 W: the 7th working day.
    assert deadline.due_on == D(2025, 11, 26)
    assert deadline.due_at == dt.datetime(2025, 11, 26, 18, 59, 59, tzinfo=UTC)  # 23:59:59 at UTC+5
    assert deadline.due_at.astimezone(ZoneInfo("Asia/Almaty")).utcoffset() == dt.timedelta(hours=5)


def test_after_the_2024_change_aktobe_and_almaty_deadlines_end_at_the_same_moment():
    almaty = filed_march(akimat("akimat-almaty"), filed_on=D(2025, 11, 17), on=D(2026, 2, 10))
    aktobe = filed_march(akimat("akimat-aktobe"), filed_on=D(2025, 11, 17), on=D(2026, 2, 10))
    kind = DeadlineKind.AUTHORITY_RESPONSE
    assert aktobe.deadline(kind).due_at == almaty.deadline(kind).due_at


# --- the New application form ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "city", "region", "english"),
    [
        ("kk", "Ақтөбе қаласының әкімдігі (KZ-15-AKTOBE)", "Ұлытау облысының әкімдігі (KZ-62)", True),
        ("ru", "Акимат города Актобе (KZ-15-AKTOBE)", "Акимат области Ұлытау (KZ-62)", True),
        ("en", "Akimat of Aktobe city (KZ-15-AKTOBE)", "Akimat of Ulytau Region (KZ-62)", False),
    ],
)
def test_the_new_application_form_offers_the_new_akimats_in_the_readers_language(
    world, login, language, city, region, english
):
    world.member.language = language
    world.member.save()

    html = login(world.member).get(NEW).content.decode()

    assert city in html
    assert region in html
    assert ("Akimat of Aktobe city" not in html) is english


def test_an_application_to_a_city_akimat_is_saved_with_its_deadlines_in_that_city(world, login):
    taraz = akimat("akimat-taraz")
    response = login(world.member).post(NEW, new_application_data(world, authority=taraz.pk))
    assert response.status_code == 302
    application = PermitApplication.objects.get(title="March 8 march")
    assert application.authority == taraz
    assert application.jurisdiction.code == "KZ-31-TARAZ"


def test_the_jurisdictions_api_lists_every_place_with_its_inherited_rules_in_a_few_queries(
    db, api_client, django_assert_max_num_queries
):
    from permits.models import DeadlineRule
    from tests.factories import UserFactory

    api_client.force_authenticate(UserFactory())
    with django_assert_max_num_queries(12):
        body = api_client.get("/api/v1/jurisdictions/", {"page_size": 200}).json()
    listed = {row["code"]: row for row in body["results"]}
    assert len(listed) == Jurisdiction.objects.count()
    cities = list(Jurisdiction.objects.filter(parent__parent__isnull=False).order_by("code")[:3])
    regions = list(Jurisdiction.objects.filter(parent__isnull=False, parent__parent__isnull=True).order_by("code")[:2])
    assert cities and regions
    for jurisdiction in cities + regions:
        expected = [rule.code for rule in DeadlineRule.objects.effective_for(jurisdiction)]
        assert [rule["code"] for rule in listed[jurisdiction.code]["rules"]] == expected
        assert expected  # every place inherits the country's rules
