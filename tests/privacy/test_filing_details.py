"""What a person chose to remember for a filing (FilingDetails) travels with the lead group's export,
not with a co-organizing group's, and goes when the group is deleted."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from organizations.models import Membership
from permits.models import FilingDetails
from tests.permits.test_filing import MARCH_ANSWERS, almaty_march_2021, prepare

pytestmark = pytest.mark.django_db


def exported(client, user, organization) -> list[dict]:
    client.force_login(user)
    response = client.get(reverse("privacy:organization_export", args=[organization.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return json.loads(archive.read("applications.json"))


def test_the_lead_groups_export_holds_the_remembered_details(client, world):
    march = almaty_march_2021(world)
    march.co_organizers.add(world.co_group)
    prepare(march, MARCH_ANSWERS, remember=True, by=world.member)
    record = next(r for r in exported(client, world.coordinator, world.lead) if r["id"] == march.pk)
    assert record["filing_details"]["organizers"][0]["id_number"] == "900101400123"
    Membership.objects.filter(user=world.co_member).update(role="coordinator")
    record = next(r for r in exported(client, world.co_member, world.co_group) if r["id"] == march.pk)
    assert record["filing_details"] is None


def test_deleting_the_group_deletes_them(client, world):
    march = almaty_march_2021(world)
    prepare(march, MARCH_ANSWERS, remember=True, by=world.member)
    client.force_login(world.coordinator)
    client.post(reverse("privacy:organization_delete", args=[world.lead.pk]), {"name": "Feminita"})
    assert not FilingDetails.objects.exists()
