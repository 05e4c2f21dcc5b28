"""The redactor (reports/redaction.py) on its own: every known person's name in any case and
spelling, names nobody knows, initials, phones, emails and ИИН, and what the review highlights."""

import pytest

from reports.redaction import Placeholders, Redactor, key

NAMES = ["Светлана Андреевна Ковалёва", "Айгерим Нурланова", "Пётр Иванов", "Zhanar Kenzhebayeva"]


@pytest.fixture(scope="module")
def redactor():
    return Redactor(NAMES)


@pytest.mark.parametrize(
    "form",
    [
        # nominative, genitive, dative, instrumental (and the prepositional), ё and е alike
        *("Ковалёва", "Ковалёвой", "Ковалевой", "Ковалёву", "Ковалёвою", "КОВАЛЁВОЙ"),
        *("Светлана", "Светланы", "Светлане", "Светланой", "Светлану"),
        *("Андреевна", "Андреевны", "Андреевне", "Андреевной"),
        *("Нурланова", "Нурлановой", "Нурлановою", "Нурланову"),
        *("Иванов", "Иванова", "Иванову", "Ивановым", "Иванове"),
        *("Пётр", "Петра", "Петру", "Петром"),
        # a Latin name in Cyrillic, declined; Cyrillic names in Latin, three systems
        *("Кенжебаева", "Кенжебаевой", "Жанар", "Жанары"),
        *("Kovalyova", "Kovaleva", "Kovalyeva", "Kovaliova", "Svetlana", "Nurlanova", "Ivanov"),
        # Kazakh case endings after a known name
        *("Айгеримнің", "Айгеримге", "Айгеримді", "Айгеримде", "Айгеримнен", "Айгериммен"),
    ],
)
def test_every_case_and_spelling_of_a_known_name_is_replaced(redactor, form):
    assert redactor.redact(f"Решение по заявлению {form} принято.") == "Решение по заявлению [name] принято."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Отказать Ковалёвой С.А. в проведении митинга.", "Отказать [name] в проведении митинга."),
        ("Отказать Ковалёвой С. А. в проведении митинга.", "Отказать [name] в проведении митинга."),
        ("Заявление Ковалевой Светланы Андреевны рассмотрено.", "Заявление [name] рассмотрено."),
        ("Applicant Kovalyova S. was refused.", "Applicant [name] was refused."),
        ("Заявителю Нурлановой А. сообщаем:", "Заявителю [name] сообщаем:"),
        ("С.А. Ковалёва уведомлена.", "[name] уведомлена."),
    ],
)
def test_initials_go_with_the_name(redactor, text, expected):
    assert redactor.redact(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Представитель адвокат Петров И.И. явился.", "Представитель адвокат [name] явился."),
        ("Представитель Сидоров Пётр Сергеевич явился.", "Представитель [name] явился."),
        ("Представителю Сидоровой Марине явиться.", "Представителю [name] явиться."),
        ("Гр. Тлеуберди А.А. уведомлён.", "Гр. [name] уведомлён."),
        ("Заявитель Жумабаева явилась.", "Заявитель [name] явилась."),
        ("Заявитель Серікұлы явился.", "Заявитель [name] явился."),
        ("Lawyer Kozlov A. attended.", "Lawyer [name] attended."),
    ],
)
def test_a_name_nobody_knows_is_replaced_when_it_looks_like_one(text, expected):
    assert Redactor([]).redact(text) == expected


@pytest.mark.parametrize(
    "contact",
    [
        *("+7 (701) 123-45-67", "8 701 1234567", "87011234567", "+77011234567", "8-701-123-45-67"),
        *("(727) 272-12-34", "272-12-34"),
    ],
)
def test_phone_numbers_are_replaced(contact):
    assert Redactor([]).redact(f"Звонить по тел. {contact} днём.") == "Звонить по тел. [phone] днём."


def test_emails_and_iins_are_replaced():
    redactor = Redactor([])
    assert redactor.redact("Почта s.kovaleva@mail.kz.") == "Почта [email]."
    assert redactor.redact("ИИН 850101300123, БИН 850101 300123.") == "ИИН [IIN], БИН [IIN]."


def test_the_authoritys_words_places_dates_and_laws_stay(redactor):
    text = (
        "Акимат Медеуского района г. Алматы на основании ст. 10 Закона Республики Казахстан № 333-VI "
        "от 7 мая 2020 года отказывает: 26.11.2021 на площади Республики проводятся ремонтные работы."
    )
    assert redactor.redact(text) == text


def test_a_known_name_that_is_also_a_common_word_is_replaced_only_capitalised():
    redactor = Redactor(["Вера Дан"])
    text = "Вера Дан подала заявку, ответ дан, вера в закон."
    assert redactor.redact(text) == "[name] подала заявку, ответ дан, вера в закон."


def test_the_placeholders_are_the_callers():
    redactor = Redactor(["Ковалёва"], Placeholders(name="[имя]", phone="[телефон]"))
    assert redactor.redact("Ковалёвой, +7 701 123 45 67") == "[имя], [телефон]"


def test_keys_fold_yo_and_the_transliteration_systems():
    assert key("Ковалёва") == key("Ковалева") == key("Kovalyova") == key("Kovaleva") == key("Kovalyeva")
    assert key("Жанар") == key("Zhanar")
    assert key("Қасымұлы") == key("Kasymuly") == key("Qasymuly")


def test_the_review_marks_what_still_looks_like_a_name(redactor):
    text = "Гражданке [name] и Жансае Тлеуберди отказано, тел. 272-12-34."
    segments = redactor.review(text)
    assert [segment.text for segment in segments if segment.marked] == ["Жансае", "Тлеуберди", "272-12-34"]
    assert "".join(segment.text for segment in segments) == text


def test_leaks_are_known_names_and_contacts_only(redactor):
    assert redactor.leaks("Отказать Ковалевой, звонить 8 701 1234567.") == ["8 701 1234567", "Ковалевой"]
    assert redactor.leaks("Отказать Тлеуберди.") == []  # only highlighted: the coordinator's call


@pytest.mark.parametrize("form", ["Серікұлы", "Серікұлының", "Серікұлына", "Серікұлымен", "Serikuly"])
def test_a_known_kazakh_patronymic_is_replaced_with_its_case_endings(form):
    redactor = Redactor(["Ерлан Серікұлы"])
    assert redactor.redact(f"Өтініш беруші {form} хабарланды.") == "Өтініш беруші [name] хабарланды."


@pytest.mark.parametrize("form", ["Нұрланқызы", "Нурланкызы", "Нұрланқызына", "Нұрланұлы"])
def test_an_unknown_kazakh_patronymic_is_replaced(form):
    assert Redactor([]).redact(f"Өтініш беруші {form} хабарланды.") == "Өтініш беруші [name] хабарланды."


def test_an_unknown_kazakh_name_without_such_an_ending_is_only_highlighted():
    # What the README says Kazakh coverage is not: no Kazakh dictionary.
    redactor = Redactor([])
    assert redactor.redact("Өтініш беруші Жансая хабарланды.") == "Өтініш беруші Жансая хабарланды."
    # …as is any capitalised word pymorphy3 does not know, a Kazakh word opening a sentence too.
    assert [s.text for s in redactor.review("Өтініш беруші Жансая хабарланды.") if s.marked] == ["Өтініш", "Жансая"]


def test_a_lower_case_latin_word_is_not_taken_for_a_latin_name():
    redactor = Redactor(["Will Mark", "user7"])
    assert redactor.redact("Will Mark will mark the user list.") == "[name] will mark the user list."
