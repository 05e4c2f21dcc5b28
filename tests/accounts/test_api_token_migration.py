"""Migration 0004: the tokens of DRF's authtoken app keep working under their old keys until their
lifetime, counted from their creation, is over, and leave no key in the database."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0004_api_tokens_named_expiring_hashed")

RECENT_KEY = "0123456789abcdef0123456789abcdef01234567"
OLD_KEY = "fedcba9876543210fedcba9876543210fedcba98"


@pytest.fixture
def legacy_table():
    moment = "timestamp with time zone" if connection.vendor == "postgresql" else "datetime"
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, user_id bigint NOT NULL, created {moment})'
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE authtoken_token")


def insert_legacy(key, user, created):
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO authtoken_token ("key", user_id, created) VALUES (%s, %s, %s)', [key, user.pk, created]
        )


def test_drf_tokens_move_over_hashed_and_expire_counted_from_their_creation(api_client, legacy_table):
    asel, dana = UserFactory(username="asel"), UserFactory(username="dana")
    now = timezone.now()
    insert_legacy(RECENT_KEY, asel, now - dt.timedelta(days=10))
    insert_legacy(OLD_KEY, dana, now - dt.timedelta(days=100))

    migration.move_legacy_tokens(apps, SimpleNamespace(connection=connection))

    recent = ApiToken.objects.get(user=asel)
    assert recent.expires_at - recent.created_at == dt.timedelta(days=90)
    assert abs(recent.created_at - (now - dt.timedelta(days=10))) < dt.timedelta(seconds=1)
    assert api_client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {RECENT_KEY}").status_code == 200
    response = api_client.get("/api/v1/", HTTP_AUTHORIZATION=f"Token {OLD_KEY}")
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
    assert RECENT_KEY not in str(list(ApiToken.objects.values()))


def test_a_database_without_drf_tokens_migrates_without_them():
    migration.move_legacy_tokens(apps, SimpleNamespace(connection=connection))
    assert not ApiToken.objects.exists()
