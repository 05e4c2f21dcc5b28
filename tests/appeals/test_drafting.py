"""The draft assembler's pure text functions (appeals/drafting.py): no database."""

import datetime as dt
from dataclasses import replace

from appeals.drafting import (
    ArgumentText,
    CaseFacts,
    CitationText,
    DeadlineText,
    GroundText,
    TemplateText,
    TimelineFact,
    arguments_used,
    assemble,
    draft_language,
    fallback_note,
    fill,
    format_date,
    legal_basis_text,
    quote_block,
)

D = dt.date
ICCPR = CitationText("International Covenant on Civil and Political Rights", "art. 21")
BURDEN = ArgumentText("The authority must prove the conflict", "No evidence of another event.", (ICCPR,))
HEALTH = ArgumentText("Health restrictions must be proportionate", "A blanket ban is not proportionate.")


def facts(**changes) -> CaseFacts:
    values = {
        "language": "en",
        "venue": "higher_authority",
        "template": TemplateText(
            heading="To: the higher body, through {authority}\n# Complaint against the refusal {decision}",
            request="We ask:\n- to cancel the refusal {decision};\n- to decide before {event_day}.",
            closing="Signatures: {signatories}",
        ),
        "lead": "Feminita",
        "co_organizers": ("KazFem", "FemPoint"),
        "applicants": ("Айжан Төлеуқызы", "Светлана Ковалёва"),
        "authority": "Akimat of Almaty city",
        "decision_date": D(2021, 11, 26),
        "decision_number": "ЗТ-99",
        "decision_received_on": D(2021, 11, 29),
        "event_title": "Women's march",
        "event_type": "march",
        "event_day": D(2022, 3, 8),
        "place": "Valikhanov square",
        "filed_on": D(2021, 11, 16),
        "filing_reference": "1234",
        "timeline": (
            TimelineFact(D(2021, 11, 23), "pressure", "Asked to withdraw; we refused"),
            TimelineFact(D(2021, 11, 18), "revision_requested", "Asked to adjust the application"),
            TimelineFact(D(2021, 11, 23), "meeting", "Meeting at the akimat", "They cited the epidemic."),
            TimelineFact(D(2021, 11, 24), "note", "Internal note"),
            TimelineFact(D(2021, 11, 16), "filed", "Filed with Akimat of Almaty city"),
        ),
        "grounds": (
            GroundText("conflicting_event", "Conflicting event", "Art. 14 sub. 10", "другие мероприятия", (BURDEN,)),
            GroundText("repair_works", "Repair works", "Art. 14 sub. 10", "ремонтные работы\nс 09:00", (BURDEN,)),
            GroundText("public_health", "Public health", "", "эпидемиологическая ситуация", (HEALTH,)),
        ),
        "standards": (ArgumentText("Article 21", "The right of peaceful assembly.", (ICCPR,)),),
        "deadline": DeadlineText(
            due_on=D(2022, 2, 28),
            source="АППК, Art. 92, p. 1",
            rule_code="pre-trial-complaint",
            start=D(2021, 11, 29),
            count=3,
            unit="months",
            rolled=True,
            needs_verification=True,
        ),
    }
    values.update(changes)
    return CaseFacts(**values)


def test_each_ground_is_quoted_and_followed_by_its_argument():
    text = assemble(facts())
    assert "### Ground 1: Conflicting event (Art. 14 sub. 10)" in text
    assert "> другие мероприятия" in text
    assert "> ремонтные работы\n> с 09:00" in text
    assert "> эпидемиологическая ситуация" in text
    first, second, third = (text.index(f"### Ground {n}") for n in (1, 2, 3))
    assert first < text.index("**The authority must prove the conflict.** No evidence") < second
    assert second < text.index("The same answer applies as to ground 1: The authority must prove the conflict.") < third
    assert third < text.index("**Health restrictions must be proportionate.**")
    assert "- International Covenant on Civil and Political Rights, art. 21" in text


def test_a_ground_without_an_argument_or_a_quote_gets_notes_not_invented_text():
    text = assemble(facts(grounds=(GroundText("other", "Other", "", "", ()),)))
    assert "[Note: the authority's words for this ground are not recorded." in text
    assert "[Note: the argument library has nothing for this ground yet." in text


def test_the_facts_come_from_the_timeline_in_date_order_without_internal_notes():
    text = assemble(facts())
    facts_part = text[text.index("## The facts") : text.index("## The grounds")]
    lines = [line for line in facts_part.splitlines() if line.startswith("- ")]
    assert lines == [
        "- 16 November 2021 — The application was filed with Akimat of Almaty city and registered on "
        "16 November 2021 under No. 1234.",
        "- 18 November 2021 — Request to revise: Asked to adjust the application.",
        "- 23 November 2021 — Pressure to withdraw: Asked to withdraw; we refused.",
        "- 23 November 2021 — Meeting with officials: Meeting at the akimat. They cited the epidemic.",
        "- 26 November 2021 — Akimat of Almaty city refused, No. ЗТ-99.",
    ]
    assert "Internal note" not in text


def test_who_appeals_names_every_organization_and_the_people_who_signed():
    text = assemble(facts())
    assert "Lead organizer: Feminita." in text
    assert "Co-organizers: KazFem, FemPoint." in text
    assert "The application was signed by: Айжан Төлеуқызы, Светлана Ковалёва." in text
    assert (
        "The refusal of Akimat of Almaty city dated 26 November 2021, No. ЗТ-99 (received on 29 November 2021), "
        "concerning the march “Women's march” planned for 8 March 2022 at Valikhanov square." in text
    )


def test_the_template_is_filled_and_the_request_comes_last():
    text = assemble(facts())
    assert text.startswith("To: the higher body, through Akimat of Almaty city\n# Complaint against the refusal of ")
    assert "# Complaint against the refusal of 26 November 2021, No. ЗТ-99" in text
    assert text.index("## What we ask") > text.index("## The deadline and the urgency")
    assert "- to decide before 8 March 2022." in text
    assert text.rstrip().endswith("Signatures: Айжан Төлеуқызы, Светлана Ковалёва")


def test_the_deadline_names_its_rule_and_asks_to_verify_an_unconfirmed_count():
    text = assemble(facts())
    assert (
        "The period to file: three months from the day the refusal was received, 29 November 2021 "
        "(АППК, Art. 92, p. 1); the last day is 28 February 2022 (the period ends on a day off" in text
    )
    assert "[Note: check this date against the current law before filing; how the period is counted" in text


def test_a_deadline_a_person_gave_is_stated_as_given_and_a_missing_one_is_flagged():
    given = assemble(facts(venue="ombudsman", deadline=DeadlineText(due_on=D(2022, 1, 10), title="File it")))
    assert "The last day to file: 10 January 2022 (File it)." in given
    assert "[Note: Ruqsat knows no rule for this venue's deadline." in assemble(facts(deadline=None))


def test_urgency_asks_for_a_decision_before_the_event_and_argues_the_remedy_only_when_it_cannot_come_in_time():
    remedy = (ArgumentText("A late remedy is not effective", "ICCPR art. 2 p. 3."),)
    in_time = assemble(facts(remedy=remedy, remedy_before_event=True))
    assert "The assembly is planned for 8 March 2022. We ask that this complaint be decided before that day" in in_time
    assert "A late remedy is not effective" not in in_time
    too_late = assemble(facts(remedy=remedy, remedy_before_event=False))
    assert "unless it is decided before 8 March 2022, the remedy cannot be effective" in too_late
    assert "**A late remedy is not effective.**" in too_late


def test_the_no_alternative_section_appears_only_when_given():
    argument = (ArgumentText("Another place had to be proposed", "Art. 13 p. 1."),)
    assert "## No other place or time was offered" in assemble(facts(no_alternative=argument))
    assert "No other place or time" not in assemble(facts())


def test_the_russian_draft_is_russian_throughout():
    text = assemble(
        facts(
            language="ru",
            template=TemplateText("# Жалоба на отказ {decision}", "Просим:\n- рассмотреть до {event_day}.", ""),
            # Names come in the draft's language from the database (drafts.draft_facts).
            grounds=(
                GroundText("conflicting_event", "Проведение другого мероприятия", "Art. 14 sub. 10", "иное", (BURDEN,)),
                GroundText("repair_works", "Ремонтные работы", "Art. 14 sub. 10", "ремонтные работы", (BURDEN,)),
            ),
            deadline=replace(facts().deadline, source="п. 1 ст. 92 АППК РК"),
        )
    )
    assert text.startswith("# Жалоба на отказ от 26 ноября 2021 г. № ЗТ-99")
    assert "## Заявители" in text
    assert "### Основание 1: Проведение другого мероприятия (Art. 14 sub. 10)" in text
    assert "Орган указал:\n> иное" in text
    assert "Применимы те же возражения, что и к основанию 1" in text
    assert "- 23 ноября 2021 г. — Давление с целью отзыва заявления: Asked to withdraw; we refused." in text
    assert "Срок подачи: три месяца со дня получения отказа, 29 ноября 2021 г. (п. 1 ст. 92 АППК РК)" in text
    other_rule = DeadlineText(D(2021, 12, 13), "ст. 1", "other-rule", D(2021, 11, 29), 10, "working_days")
    assert "Срок подачи: 10 рабочих дней со дня 29 ноября 2021 г. (ст. 1)" in assemble(
        facts(language="ru", deadline=other_rule)
    )
    assert "Мирное собрание запланировано на 8 марта 2022 г. Просим рассмотреть настоящую жалобу" in text
    assert "- рассмотреть до 8 марта 2022 г." in text
    assert "г.." not in text
    assert "The authority wrote" not in text and "### Ground" not in text and "The facts" not in text


def test_an_unconfirmed_citation_is_marked_for_checking():
    citation = CitationText("Constitutional Court resolution No. 61-NP", confirmed=False)
    assert citation.render("en") == "Constitutional Court resolution No. 61-NP [verify]"
    assert citation.render("ru").endswith("[проверить]")
    assert CitationText("ICCPR", "art. 21", "https://example.org").render() == "ICCPR, art. 21 — https://example.org"


def test_a_kazakh_draft_falls_back_to_russian_then_english_with_a_note():
    assert draft_language("kk", {"en", "ru"}) == "ru"
    assert draft_language("kk", {"en"}) == "en"
    assert draft_language("en", {"en", "ru"}) == "en"
    assert draft_language("ru", set()) == "en"
    assert "Kazakh" in fallback_note("Kazakh", "en")
    assert fallback_note("Қазақша", "ru").startswith("[Примечание: шаблона на языке «Қазақша» пока нет")
    text = assemble(facts(notes=(fallback_note("Kazakh", "en"),)))
    assert text.startswith("[Note: there is no template in Kazakh yet; this draft is in English.]")


def test_placeholders_and_dates():
    assert fill("{authority} / {unknown}", {"authority": "Akimat"}) == "Akimat / {unknown}"
    assert format_date(D(2021, 11, 26), "en") == "26 November 2021"
    assert format_date(D(2021, 11, 26), "ru") == "26 ноября 2021 г."
    assert format_date(None, "en") == ""
    assert legal_basis_text("Law 333-VI Art. 14 p. 1 sub. 10", "ru") == "подп. 10 п. 1 ст. 14 Закона № 333-VI"
    assert legal_basis_text("Law 333-VI Art. 14 p. 1 subs. 1, 3", "ru") == "подп. 1, 3 п. 1 ст. 14 Закона № 333-VI"
    assert legal_basis_text("Law 333-VI Art. 14 p. 1 sub. 10", "en") == "Law 333-VI Art. 14 p. 1 sub. 10"
    assert legal_basis_text("Something else", "ru") == "Something else"
    assert quote_block("one\n\ntwo") == ["> one", ">", "> two"]


def test_an_argument_from_after_the_decision_is_not_cited_as_binding_but_listed_since_then():
    ruling = ArgumentText("Another place had to be proposed", "In 2025.", code="cc", in_force_from=D(2025, 1, 20))
    later_answer = ArgumentText("A later answer", "Decided in 2023.", code="later", in_force_from=D(2023, 5, 2))
    text = assemble(
        facts(
            no_alternative=(ruling,),
            grounds=(GroundText("public_order", "Public order", "", "беспорядки", (later_answer,)),),
        )
    )
    binding, since_then = text.split("\n## Since then\n")
    assert "No other place or time was offered" not in binding and "Another place" not in binding
    assert "[Note: the library's answer to this ground rests on law or rulings that came after the decision" in binding
    assert "[Note: the argument library has nothing for this ground yet." not in binding
    assert "after the decision of 26 November 2021 and did not bind the authority" in since_then
    assert since_then.index("Since 2 May 2023:") < since_then.index("**A later answer.**")
    assert since_then.index("Since 20 January 2025:") < since_then.index("**Another place had to be proposed.**")
    assert since_then.index("## The deadline") > since_then.index("Another place")
    assert [used["code"] for used in arguments_used(facts(no_alternative=(ruling,)))] == ["cc"]


def test_an_argument_in_force_on_the_day_of_the_decision_binds():
    ruling = ArgumentText("Another place had to be proposed", "The resolution.", in_force_from=D(2021, 11, 26))
    text = assemble(facts(no_alternative=(ruling,)))
    assert "## No other place or time was offered\n\n**Another place had to be proposed.**" in text
    assert "## Since then" not in text
