import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_env_bool_reads_the_usual_spellings_of_true(monkeypatch, raw):
    monkeypatch.setenv("RUQSAT_FLAG", raw)
    assert env_bool("RUQSAT_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_reads_the_usual_spellings_of_false(monkeypatch, raw):
    monkeypatch.setenv("RUQSAT_FLAG", raw)
    assert env_bool("RUQSAT_FLAG", True) is False


def test_env_bool_refuses_a_value_it_cannot_read_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("RUQSAT_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="RUQSAT_FLAG"):
        env_bool("RUQSAT_FLAG", False)


def test_env_int_refuses_a_value_that_is_not_a_number(monkeypatch):
    monkeypatch.setenv("RUQSAT_PORT_NUMBER", "25a")
    with pytest.raises(ImproperlyConfigured, match="RUQSAT_PORT_NUMBER"):
        env_int("RUQSAT_PORT_NUMBER", 25)


def test_unset_or_blank_values_fall_back_to_the_default(monkeypatch):
    monkeypatch.delenv("RUQSAT_UNSET", raising=False)
    monkeypatch.setenv("RUQSAT_BLANK", " ")
    assert env_bool("RUQSAT_UNSET", True) is True
    assert env_int("RUQSAT_UNSET", 7) == 7
    assert env_int("RUQSAT_BLANK", 7) == 7
    assert env_str("RUQSAT_UNSET", "x") == "x"
    assert env_list("RUQSAT_UNSET", ["a"]) == ["a"]


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("RUQSAT_HOSTS", " ruqsat.example.org, ,www.ruqsat.example.org ")
    assert env_list("RUQSAT_HOSTS") == ["ruqsat.example.org", "www.ruqsat.example.org"]
