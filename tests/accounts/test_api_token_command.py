"""`manage.py api_token USERNAME [--name NAME] [--days N]` and its DRF-named alias drf_create_token."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROTECTED_API_URL = "/api/v1/"


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_api_token_prints_a_working_key_and_nothing_else(api_client):
    asel = UserFactory(username="asel")

    key = run("api_token", "asel")

    assert " " not in key
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    token = ApiToken.objects.get(user=asel)
    assert token.name == "manage.py api_token"
    assert token.expires_at - token.created_at == dt.timedelta(days=90)


def test_api_token_takes_a_name_and_a_lifetime():
    asel = UserFactory(username="asel")
    run("api_token", "asel", "--name", "Nightly export", "--days", "7")
    token = ApiToken.objects.get(user=asel)
    assert token.name == "Nightly export"
    assert token.expires_at - token.created_at == dt.timedelta(days=7)


def test_api_token_refuses_an_unknown_user_and_creates_nothing():
    with pytest.raises(CommandError, match="No user is called 'nobody'"):
        run("api_token", "nobody")
    assert not ApiToken.objects.exists()


def test_api_token_refuses_a_lifetime_out_of_bounds():
    UserFactory(username="asel")
    with pytest.raises(CommandError, match="between 1 and 366 days"):
        run("api_token", "asel", "--days", "0")
    assert not ApiToken.objects.exists()


def test_api_token_refuses_a_deactivated_user():
    UserFactory(username="asel", is_active=False)
    with pytest.raises(CommandError, match="deactivated"):
        run("api_token", "asel")


def test_an_unknown_user_exits_non_zero_from_the_command_line(capsys):
    # CommandError becomes exit status 1 when run as `manage.py api_token nobody`.
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "api_token", "nobody"]).execute()
    assert exit_info.value.code == 1
    assert "No user is called 'nobody'" in capsys.readouterr().err


def test_drf_create_token_creates_a_token_of_the_new_kind(api_client):
    asel = UserFactory(username="asel")
    kept = asel.issue_api_token(name="Laptop")

    output = run("drf_create_token", "asel")

    key = output.removeprefix("Generated token ").removesuffix(" for user asel")
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {kept}").status_code == 200
    assert ApiToken.objects.filter(user=asel).count() == 2


def test_drf_create_token_reset_revokes_the_other_tokens(api_client):
    asel = UserFactory(username="asel")
    old = asel.issue_api_token()
    run("drf_create_token", "-r", "asel")
    assert api_client.get(PROTECTED_API_URL, HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
    assert ApiToken.objects.filter(user=asel).count() == 1


def test_drf_create_token_refuses_an_unknown_user():
    with pytest.raises(CommandError):
        run("drf_create_token", "nobody")
