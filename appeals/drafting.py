"""The first appeal draft, assembled from plain facts: pure text functions, no Django.

appeals.services.draft_facts() gathers the facts of one appeal (the application, its timeline, the
refusal and its grounds, the argument library, the deadline) into a `CaseFacts`; `assemble()` turns
them into the draft's text. Keeping this free of Django lets it be tested line by line, and keeps
the draft's wording in the *draft's* language, whatever language the person's pages are in.

The text is plain, with the light markup the editor shows as is and the Word export understands
(appeals.docx_export):

    # Title                  a heading (## a section, ### a sub-section)
    > quoted words           the authority's own words, set apart
    - item                   a list item (facts, citations)
    **words**                bold (an argument's title)
    [Note: …]                a note for the volunteer, to be deleted before filing

Every ground of the refusal is quoted and followed by the library's arguments for its reason; a
ground the library has nothing for gets a note asking for one, never invented text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

DRAFT_LANGUAGES = ("en", "ru", "kk")  # languages with a vocabulary here (and templates in the library)

# --- the facts -----------------------------------------------------------------------------------


VERIFY = {"en": "[verify]", "ru": "[проверить]", "kk": "[тексеріңіз]"}


@dataclass(frozen=True)
class CitationText:
    instrument: str
    article_or_paragraph: str = ""
    url: str = ""
    confirmed: bool = True  # a citation not yet read in the text is marked for checking

    def render(self, language: str = "en") -> str:
        text = ", ".join(part for part in (self.instrument, self.article_or_paragraph) if part)
        if self.url:
            text = f"{text} — {self.url}"
        if not self.confirmed:
            text = f"{text} {VERIFY.get(language, VERIFY['en'])}"
        return text


@dataclass(frozen=True)
class ArgumentText:
    title: str
    text: str
    citations: tuple[CitationText, ...] = ()
    code: str = ""  # the library's code and version, recorded on the draft (arguments_used)
    version: int = 0
    shared: bool = True  # False: the group's own argument


@dataclass(frozen=True)
class GroundText:
    reason_code: str
    reason_name: str  # the taxonomy's name, used when the vocabulary has none in the draft's language
    legal_basis: str
    quote: str  # the authority's own words
    arguments: tuple[ArgumentText, ...] = ()


@dataclass(frozen=True)
class TimelineFact:
    on: dt.date
    kind: str  # TimelineEntry.Kind code
    summary: str
    details: str = ""


@dataclass(frozen=True)
class DeadlineText:
    """The appeal's filing deadline: computed from a rule (`rule_code` set) or given by a person."""

    due_on: dt.date
    source: str = ""  # the rule's citation as stored
    rule_code: str = ""  # e.g. pre-trial-complaint, court-claim
    start: dt.date | None = None
    count: int = 0
    unit: str = ""  # calendar_days / working_days / months
    rolled: bool = False  # the period's last day was not a working day and moved
    needs_verification: bool = False
    title: str = ""  # for a deadline a person gave


@dataclass(frozen=True)
class TemplateText:
    heading: str
    request: str
    closing: str


@dataclass(frozen=True)
class CaseFacts:
    language: str
    venue: str
    template: TemplateText
    lead: str
    authority: str
    decision_date: dt.date
    co_organizers: tuple[str, ...] = ()
    applicants: tuple[str, ...] = ()
    jurisdiction: str = ""
    event_title: str = ""
    event_type: str = ""
    event_day: dt.date | None = None
    place: str = ""
    route: str = ""
    filed_on: dt.date | None = None
    filing_reference: str = ""
    decision_number: str = ""
    decision_received_on: dt.date | None = None
    response_due_on: dt.date | None = None
    answered_late: bool = False
    timeline: tuple[TimelineFact, ...] = ()
    grounds: tuple[GroundText, ...] = ()
    no_alternative: tuple[ArgumentText, ...] = ()  # only when the place-taken ground came without an alternative
    standards: tuple[ArgumentText, ...] = ()
    remedy: tuple[ArgumentText, ...] = ()  # only when the remedy cannot come before the event day
    remedy_before_event: bool | None = None
    deadline: DeadlineText | None = None
    notes: tuple[str, ...] = ()  # notes for the volunteer, put at the top


# --- the vocabulary, per draft language -----------------------------------------------------------

MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    # Genitive, as dates are written in Russian: 26 ноября 2021 г.
    "ru": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    # Nominative, as Kazakh writes a date: 2021 жылғы 26 қараша (see KAZAKH_MONTH_FORMS for the cases).
    "kk": [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ],
}

# A Kazakh date takes the case of its sentence on the month's name, by vowel harmony and the last
# sound: "2021 жылғы 26 қарашада" (on), "…қарашадағы № 12" (of: a decision's date), "…қарашадан"
# (from), "…қарашаға дейін" (until). Written out rather than derived, so each form can be checked.
KAZAKH_MONTH_FORMS = {
    "on": [
        "қаңтарда",
        "ақпанда",
        "наурызда",
        "сәуірде",
        "мамырда",
        "маусымда",
        "шілдеде",
        "тамызда",
        "қыркүйекте",
        "қазанда",
        "қарашада",
        "желтоқсанда",
    ],
    "of": [
        "қаңтардағы",
        "ақпандағы",
        "наурыздағы",
        "сәуірдегі",
        "мамырдағы",
        "маусымдағы",
        "шілдедегі",
        "тамыздағы",
        "қыркүйектегі",
        "қазандағы",
        "қарашадағы",
        "желтоқсандағы",
    ],
    "from": [
        "қаңтардан",
        "ақпаннан",
        "наурыздан",
        "сәуірден",
        "мамырдан",
        "маусымнан",
        "шілдеден",
        "тамыздан",
        "қыркүйектен",
        "қазаннан",
        "қарашадан",
        "желтоқсаннан",
    ],
    "until": [
        "қаңтарға",
        "ақпанға",
        "наурызға",
        "сәуірге",
        "мамырға",
        "маусымға",
        "шілдеге",
        "тамызға",
        "қыркүйекке",
        "қазанға",
        "қарашаға",
        "желтоқсанға",
    ],
}

WORDS = {
    "en": {
        "who": "Who appeals",
        "lead": "Lead organizer: {lead}.",
        "co": "Co-organizers: {names}.",
        "signed": "The application was signed by: {names}.",
        "against": "The decision appealed",
        "decision": "The refusal of {authority} dated {date}{number}{received}, concerning the {event} “{title}”"
        "{day}{place}.",
        "number": ", No. {number}",
        "received": " (received on {date})",
        "day": " planned for {date}",
        "place": " at {place}",
        "route": "Route: {route}",
        "facts": "The facts",
        "filed": "The application was filed with {authority} and registered on {date}{number}.",
        "filed_number": " under No. {number}",
        "decided": "{authority} refused{number}.",
        "late": "The answer was due by {due}; the refusal is dated {date}, after the period the law allows.",
        "grounds": "The grounds of the refusal and why they do not stand",
        "ground": "Ground {n}: {name}",
        "wrote": "The authority wrote:",
        "no_quote": "[Note: the authority's words for this ground are not recorded. Quote the letter here.]",
        "no_argument": "[Note: the argument library has nothing for this ground yet. Write the answer here, "
        "and add it to the library for the next appeal.]",
        "sources": "Sources:",
        "same_answer": "The same answer applies as to ground {n}: {title}.",
        "alternative": "No other place or time was offered",
        "standards": "The standards the refusal must meet",
        "deadline": "The deadline and the urgency",
        "deadline_rule": "The period to file: {period} from {start} ({source}); the last day is {due}{rolled}.",
        "deadline_rolled": " (the period ends on a day off and moves to the next working day)",
        "deadline_given": "The last day to file: {due} ({title}).",
        "verify": "[Note: check this date against the current law before filing; how the period is counted "
        "is not yet confirmed in the text.]",
        "check": "[Note: check this date against the current law before filing.]",
        "no_deadline": "[Note: Ruqsat knows no rule for this venue's deadline. Find it and add it as a "
        "deadline of the appeal.]",
        "event": "The assembly is planned for {date}. We ask that {kind} be decided before that day, so that the "
        "assembly can still take place.",
        "not_in_time": "The time the law allows for the review ends after the day of the assembly: unless it is "
        "decided before {date}, the remedy cannot be effective.",
        "request": "What we ask",
        "complaint": "this complaint",
        "claim": "this claim",
        "appeal": "this appeal",
        "communication": "this communication",
        "months": {1: "one month", 3: "three months"},
        "unit": {"months": "{n} months", "working_days": "{n} working days", "calendar_days": "{n} calendar days"},
    },
    "ru": {
        "who": "Заявители",
        "lead": "Ведущий организатор: {lead}.",
        "co": "Соорганизаторы: {names}.",
        "signed": "Заявление подписали: {names}.",
        "against": "Обжалуемое решение",
        "decision": "Обжалуется отказ в согласовании, выданный органом «{authority}» {date}{number}{received}, по "
        "{event} «{title}»{day}{place}.",
        "number": " № {number}",
        "received": " (получен {date})",
        "day": ", запланированному на {date}",
        "place": ", место: {place}",
        "route": "Маршрут: {route}",
        "facts": "Обстоятельства дела",
        "filed": "Заявление подано в орган «{authority}» и зарегистрировано {date}{number}.",
        "filed_number": " за № {number}",
        "decided": "Орган «{authority}» отказал в согласовании{number}.",
        "late": "Ответ должен был быть дан не позднее {due}; отказ датирован {date}, то есть после "
        "установленного законом срока.",
        "grounds": "Основания отказа и наши возражения",
        "ground": "Основание {n}: {name}",
        "wrote": "Орган указал:",
        "no_quote": "[Примечание: слова органа по этому основанию не записаны. Процитируйте здесь текст письма.]",
        "no_argument": "[Примечание: в библиотеке аргументов пока нет ответа на это основание. Напишите его "
        "здесь и добавьте в библиотеку для следующих жалоб.]",
        "sources": "Источники:",
        "same_answer": "Применимы те же возражения, что и к основанию {n}: {title}.",
        "alternative": "Другое место или время не предложены",
        "standards": "Стандарты, которым должен соответствовать отказ",
        "deadline": "Срок и срочность",
        "deadline_rule": "Срок подачи: {period} со дня {start} ({source}); последний день — {due}{rolled}.",
        "deadline_rolled": " (срок истекает в выходной день и переносится на следующий рабочий день)",
        "deadline_given": "Последний день подачи: {due} ({title}).",
        "verify": "[Примечание: перед подачей сверьте эту дату с действующим законом; порядок исчисления срока "
        "в тексте закона ещё не подтверждён.]",
        "check": "[Примечание: перед подачей сверьте эту дату с действующим законом.]",
        "no_deadline": "[Примечание: Ruqsat не знает правила о сроке для этой инстанции. Найдите его и добавьте "
        "как срок жалобы.]",
        "event": "Мирное собрание запланировано на {date}. Просим рассмотреть {kind} до этого дня, чтобы "
        "собрание могло состояться.",
        "not_in_time": "Срок, который закон отводит на рассмотрение, истекает после дня собрания: если решение не "
        "будет принято до {date}, средство правовой защиты не будет эффективным.",
        "request": "Просительная часть",
        "complaint": "настоящую жалобу",
        "claim": "настоящее исковое заявление",
        "appeal": "настоящее обращение",
        "communication": "настоящее сообщение",
        "months": {1: "один месяц", 3: "три месяца"},
        "unit": {"months": "{n} мес.", "working_days": "{n} рабочих дней", "calendar_days": "{n} календарных дней"},
    },
    # Kazakh: the authority's name is the subject of its clause ("{authority} берген … бас тартуға",
    # the refusal {authority} gave), so a name typed in any language needs no case ending; dates
    # take theirs from the call (format_date's `case`), as noted beside each sentence.
    "kk": {
        "who": "Өтініш берушілер",
        "lead": "Жетекші ұйымдастырушы: {lead}.",
        "co": "Бірлескен ұйымдастырушылар: {names}.",
        "signed": "Өтінішке қол қойғандар: {names}.",
        "against": "Шағымданылатын шешім",
        # {date}: "of" (…қарашадағы); {received}: its date "on"; {day}: nominative.
        "decision": "{authority} берген {date}{number} келісуден бас тартуға{received} шағымданылады. "
        "Жиналыс: «{title}» {event}{day}{place}.",
        "number": " № {number}",
        "received": " ({date} алынған)",
        "day": ", өткізу күні: {date}",
        "place": ", орны: {place}",
        "route": "Маршрут: {route}",
        "facts": "Істің мән-жайлары",
        "filed": "Өтініш {authority} атына берілді және {date}{number} тіркелді.",  # {date}: "on"
        "filed_number": " № {number} болып",
        "decided": "{authority} келісуден бас тартты{number}.",
        "decided_number": " (№ {number})",
        # {due}: "from" (…кешіктірілмей, not later than); {date}: "on".
        "late": "Жауап {due} кешіктірілмей берілуге тиіс еді; бас тарту {date} шығарылған, яғни заңда белгіленген "
        "мерзім өткеннен кейін.",
        "grounds": "Бас тарту негіздері және біздің қарсылықтарымыз",
        "ground": "{n}-негіз: {name}",
        "wrote": "Орган былай деп көрсетті:",
        "no_quote": "[Ескерту: органның осы негіз бойынша сөздері жазылмаған. Хаттың мәтінін осында келтіріңіз.]",
        "no_argument": "[Ескерту: дәлелдер кітапханасында бұл негізге әлі жауап жоқ. Оны осында жазып, келесі "
        "шағымдар үшін кітапханаға қосыңыз.]",
        "sources": "Дереккөздер:",
        "same_answer": "{n}-негізге келтірілген қарсылықтар мұнда да қолданылады: {title}.",
        "alternative": "Басқа орын немесе уақыт ұсынылмады",
        "standards": "Бас тарту сай болуға тиіс стандарттар",
        "deadline": "Мерзім және шұғылдық",
        "deadline_rule": "Беру мерзімі: {start} бастап {period} ({source}); соңғы күні — {due}{rolled}.",
        "deadline_rolled": " (мерзім демалыс күні аяқталатындықтан, келесі жұмыс күніне ауысады)",
        "deadline_given": "Берудің соңғы күні: {due} ({title}).",
        "verify": "[Ескерту: беру алдында бұл күнді қолданыстағы заңмен салыстырыңыз; мерзімді есептеу тәртібі заң "
        "мәтінінде әлі расталмаған.]",
        "check": "[Ескерту: беру алдында бұл күнді қолданыстағы заңмен салыстырыңыз.]",
        "no_deadline": "[Ескерту: Ruqsat бұл инстанцияның мерзімі туралы ережені білмейді. Оны тауып, шағымның "
        "мерзімі ретінде қосыңыз.]",
        "event": "Бейбіт жиналысты {date} өткізу жоспарланған. Жиналыс өтуі үшін {kind} сол күнге дейін қарауды "
        "сұраймыз.",  # {date}: "on"
        "not_in_time": "Заң қарауға беретін мерзім жиналыс күнінен кейін аяқталады: егер шешім {date} дейін "
        "қабылданбаса, құқықтық қорғау құралы тиімді болмайды.",  # {date}: "until"
        "request": "Сұрайтынымыз",
        "complaint": "осы шағымды",
        "claim": "осы талап арызды",
        "appeal": "осы өтінішті",
        "communication": "осы хабарламаны",
        "months": {1: "бір ай", 3: "үш ай"},
        "unit": {"months": "{n} ай", "working_days": "{n} жұмыс күні", "calendar_days": "{n} күнтізбелік күн"},
    },
}

# What the document is called, per venue (the deadline and urgency sentences name it).
DOCUMENT_KIND = {
    "higher_authority": "complaint",
    "court": "claim",
    "prosecutor": "appeal",
    "ombudsman": "appeal",
    "un_committee": "communication",
}

EVENT_TYPES = {
    "en": {
        "march": "march",
        "rally": "rally",
        "picket": "picket",
        "meeting": "meeting",
        "demonstration": "demonstration",
        "other": "assembly",
    },
    "ru": {
        "march": "шествию",
        "rally": "митингу",
        "picket": "пикету",
        "meeting": "собранию",
        "demonstration": "демонстрации",
        "other": "мирному собранию",
    },
    # With the possessive ending, after the title: «Әйелдер шеруі» шеруі, «…» пикеті.
    "kk": {
        "march": "шеруі",
        "rally": "митингі",
        "picket": "пикеті",
        "meeting": "жиналысы",
        "demonstration": "демонстрациясы",
        "other": "бейбіт жиналысы",
    },
}

TIMELINE_KINDS = {
    "en": {
        "meeting": "Meeting with officials",
        "call": "Call",
        "letter": "Letter",
        "pressure": "Pressure to withdraw",
        "revision_requested": "Request to revise",
    },
    "ru": {
        "meeting": "Встреча с должностными лицами",
        "call": "Звонок",
        "letter": "Письмо",
        "pressure": "Давление с целью отзыва заявления",
        "revision_requested": "Просьба изменить заявление",
    },
    "kk": {
        "meeting": "Лауазымды адамдармен кездесу",
        "call": "Қоңырау",
        "letter": "Хат",
        "pressure": "Өтінішті кері қайтарып алуға қысым",
        "revision_requested": "Өтінішті өзгертуді сұрау",
    },
}
FACT_KINDS = ("filed", "meeting", "call", "letter", "pressure", "revision_requested")

# The refusal taxonomy's names as a draft's ground headings say them, in Russian and Kazakh.
REASON_NAMES = {
    "ru": {
        "conflicting_event": "другое мероприятие в том же месте",
        "repair_works": "ремонтные или строительные работы",
        "public_health": "охрана здоровья / эпидемиологическая обстановка",
        "public_order": "общественный порядок",
        "security_threat": "угроза государственной безопасности",
        "prohibited_location": "запрещённое место",
        "late_filing": "нарушение срока подачи",
        "incomplete_application": "неполные сведения в заявлении",
        "organizer_ineligible": "организатор не вправе организовывать собрание",
        "other": "иное основание",
    },
    "kk": {
        "conflicting_event": "сол орында басқа іс-шараның өткізілуі",
        "repair_works": "жөндеу немесе құрылыс жұмыстары",
        "public_health": "денсаулық сақтау / эпидемиологиялық жағдай",
        "public_order": "қоғамдық тәртіп",
        "security_threat": "мемлекеттік қауіпсіздікке қатер",
        "prohibited_location": "тыйым салынған орын",
        "late_filing": "беру мерзімінің бұзылуы",
        "incomplete_application": "өтініштегі мәліметтердің толық болмауы",
        "organizer_ineligible": "ұйымдастырушының жиналысты ұйымдастыруға құқығы жоқ",
        "other": "өзге негіз",
    },
}

# Where a deadline rule comes from, per rule code, in the draft's language and its legal word order
# (the stored citation is in English).
RULE_SOURCES = {
    "ru": {
        "pre-trial-complaint": "п. 1 ст. 92 АППК РК",
        "court-claim": "ст. 136 АППК РК",
    },
    "en": {
        "pre-trial-complaint": "АППК Art. 92 p. 1",
        "court-claim": "АППК Art. 136",
    },
    "kk": {
        "pre-trial-complaint": "ҚР ӘРПК 92-бабының 1-тармағы",
        "court-claim": "ҚР ӘРПК 136-бабы",
    },
}
RULE_START = {
    "en": {
        "pre-trial-complaint": "the day the refusal was received, {date}",
        "court-claim": "the day the decision was delivered, {date}",
    },
    "ru": {
        "pre-trial-complaint": "получения отказа, {date}",
        "court-claim": "вручения решения, {date}",
    },
    "kk": {  # followed by "бастап" (from), so the date stands apart in brackets
        "pre-trial-complaint": "бас тарту алынған күннен ({date})",
        "court-claim": "шешім тапсырылған күннен ({date})",
    },
}
# A rule the table does not know starts from its bare date: in Kazakh, the date "from".
RULE_START_UNKNOWN = {"kk": "{date_from}"}

FALLBACK_NOTE = {
    "en": "[Note: there is no template in {asked} yet; this draft is in English.]",
    "ru": "[Примечание: шаблона на языке «{asked}» пока нет; черновик составлен на русском.]",
    "kk": "[Ескерту: «{asked}» тілінде үлгі әзірге жоқ; бұл жоба қазақ тілінде жасалды.]",
}


def vocabulary(language: str) -> dict:
    return WORDS.get(language, WORDS["en"])


def draft_language(asked: str, available: set[str] | tuple[str, ...]) -> str:
    """The language the draft is written in: the one asked for if a template exists in it, else
    Russian (the language of Kazakh courts beside Kazakh), else English."""
    if asked in available and asked in DRAFT_LANGUAGES:
        return asked
    for fallback in ("ru", "en"):
        if fallback in available:
            return fallback
    return "en"


def fallback_note(asked: str, used: str) -> str:
    return FALLBACK_NOTE.get(used, FALLBACK_NOTE["en"]).format(asked=asked)


def format_date(day: dt.date | None, language: str, case: str = "") -> str:
    """The date as the draft's language writes it. `case` is what the sentence makes of the date:
    "on", "of", "from" or "until" (KAZAKH_MONTH_FORMS); only Kazakh marks it, on the month's name;
    English and Russian dates stay as they are."""
    if day is None:
        return ""
    if language == "kk":
        month = KAZAKH_MONTH_FORMS.get(case, MONTHS["kk"])[day.month - 1]
        return f"{day.year} жылғы {day.day} {month}"
    if language == "ru":
        return f"{day.day} {MONTHS['ru'][day.month - 1]} {day.year} г."
    return f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace {name} with values[name]; unknown names stay as typed (a template a volunteer edited
    with a typo must still produce a draft, with the typo visible)."""
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)


def quote_block(text: str) -> list[str]:
    """The authority's words as quotation lines ("> …"), one per line of the original."""
    lines = [line.strip() for line in (text or "").strip().splitlines()]
    return [f"> {line}" if line else ">" for line in lines]


# --- assembling -------------------------------------------------------------------------------------


# How a template's {decision} names the refusal: "of 26 November 2021, No. 12"; "от 26 ноября 2021 г.
# № 12"; in Kazakh the date's "of" form, which the template follows with its noun ("2021 жылғы
# 26 қарашадағы № 12 бас тарту", the refusal of 26 November 2021 No. 12).
DECISION_REFERENCE = {
    "en": ("of {date}", ", No. {number}"),
    "ru": ("от {date}", " № {number}"),
    "kk": ("{date}", " № {number}"),
}


def template_values(facts: CaseFacts) -> dict[str, str]:
    lang = facts.language
    organizations = ", ".join((facts.lead, *facts.co_organizers))
    dated, numbered = DECISION_REFERENCE.get(lang, DECISION_REFERENCE["en"])
    decision = dated.format(date=format_date(facts.decision_date, lang, "of"))
    if facts.decision_number:
        decision += numbered.format(number=facts.decision_number)
    return {
        "authority": facts.authority,
        "decision": decision,
        "decision_date": format_date(facts.decision_date, lang),
        "decision_number": facts.decision_number or "—",
        "lead": facts.lead,
        "organizations": organizations,
        "signatories": ", ".join(facts.applicants) or organizations,
        "event_title": facts.event_title,
        "event_day": format_date(facts.event_day, lang) or "—",
        "place": facts.place,
        "jurisdiction": facts.jurisdiction,
    }


def assemble(facts: CaseFacts) -> str:
    """The whole first draft."""
    values = template_values(facts)
    blocks: list[list[str]] = []
    if facts.notes:
        blocks.append(list(facts.notes))
    blocks.append(fill(facts.template.heading, values).strip().splitlines())
    blocks += who_appeals(facts)
    blocks += decision_appealed(facts)
    blocks += facts_section(facts)
    blocks += grounds_section(facts)
    blocks += no_alternative_section(facts)
    blocks += standards_section(facts)
    blocks += deadline_section(facts)
    request = fill(facts.template.request, values).strip()
    if request:
        blocks.append([f"## {vocabulary(facts.language)['request']}"])
        blocks.append(request.splitlines())
    closing = fill(facts.template.closing, values).strip()
    if closing:
        blocks.append(closing.splitlines())
    text = "\n\n".join("\n".join(block) for block in blocks if block).strip() + "\n"
    # A Russian date ends with "г." — a sentence ending on one needs no second full stop.
    return re.sub(r"(\d г)\.\.", r"\1.", text)


def arguments_used(facts: CaseFacts) -> list[dict]:
    """The library arguments assemble() puts in the text, each once, in the order they appear:
    [{"code", "version", "shared"}] — what a draft revision records as its sources."""
    used = [argument for ground in facts.grounds for argument in ground.arguments]
    used += [*facts.no_alternative, *facts.standards]
    if facts.event_day and facts.remedy_before_event is False:
        used += facts.remedy
    seen, result = set(), []
    for argument in used:
        key = (argument.code, argument.version, argument.shared)
        if argument.code and key not in seen:
            seen.add(key)
            result.append({"code": argument.code, "version": argument.version, "shared": argument.shared})
    return result


def who_appeals(facts: CaseFacts) -> list[list[str]]:
    words = vocabulary(facts.language)
    lines = [words["lead"].format(lead=facts.lead)]
    if facts.co_organizers:
        lines.append(words["co"].format(names=", ".join(facts.co_organizers)))
    if facts.applicants:
        lines.append(words["signed"].format(names=", ".join(facts.applicants)))
    return [[f"## {words['who']}"], lines]


def decision_appealed(facts: CaseFacts) -> list[list[str]]:
    lang, words = facts.language, vocabulary(facts.language)
    sentence = words["decision"].format(
        authority=facts.authority,
        date=format_date(facts.decision_date, lang, "of"),
        number=words["number"].format(number=facts.decision_number) if facts.decision_number else "",
        received=(
            words["received"].format(date=format_date(facts.decision_received_on, lang, "on"))
            if facts.decision_received_on and facts.decision_received_on != facts.decision_date
            else ""
        ),
        event=EVENT_TYPES.get(lang, EVENT_TYPES["en"]).get(facts.event_type, EVENT_TYPES["en"]["other"]),
        title=facts.event_title,
        day=words["day"].format(date=format_date(facts.event_day, lang)) if facts.event_day else "",
        place=words["place"].format(place=facts.place) if facts.place else "",
    )
    block = [sentence]
    if facts.route:
        block.append(words["route"].format(route=facts.route))
    return [[f"## {words['against']}"], block]


def fact_lines(facts: CaseFacts) -> list[str]:
    """The timeline in date order: the filing with its registration date and number, meetings,
    calls, letters, pressure to withdraw, requests to revise; then the refusal itself."""
    lang, words = facts.language, vocabulary(facts.language)
    kinds = TIMELINE_KINDS.get(lang, TIMELINE_KINDS["en"])
    dated: list[tuple[dt.date, int, str]] = []
    if facts.filed_on:
        number = words["filed_number"].format(number=facts.filing_reference) if facts.filing_reference else ""
        dated.append(
            (
                facts.filed_on,
                0,
                words["filed"].format(
                    authority=facts.authority, date=format_date(facts.filed_on, lang, "on"), number=number
                ),
            )
        )
    for position, fact in enumerate(facts.timeline, start=1):
        if fact.kind not in FACT_KINDS or fact.kind == "filed":
            continue  # the filing is told from the application's own dates above
        text = fact.summary.strip().rstrip(".")
        if fact.details.strip():
            text = f"{text}. {' '.join(fact.details.split())}"
        text = text if text.endswith((".", "!", "?", "»", '"', "”")) else f"{text}."
        dated.append((fact.on, position, f"{kinds.get(fact.kind, fact.kind)}: {text}"))
    decided_number = words.get("decided_number", words["number"])
    number = decided_number.format(number=facts.decision_number) if facts.decision_number else ""
    dated.append((facts.decision_date, 10**6, words["decided"].format(authority=facts.authority, number=number)))
    dated.sort(key=lambda item: (item[0], item[1]))
    return [f"- {format_date(on, lang)} — {text}" for on, _position, text in dated]


def facts_section(facts: CaseFacts) -> list[list[str]]:
    lang, words = facts.language, vocabulary(facts.language)
    blocks = [[f"## {words['facts']}"], fact_lines(facts)]
    if facts.answered_late and facts.response_due_on:
        blocks.append(
            [
                words["late"].format(
                    due=format_date(facts.response_due_on, lang, "from"),
                    date=format_date(facts.decision_date, lang, "on"),
                )
            ]
        )
    return blocks


def argument_blocks(argument: ArgumentText, language: str) -> list[list[str]]:
    blocks = []
    text = argument.text.strip()
    if argument.title.strip():
        blocks.append([f"**{argument.title.strip()}**"] if not text else [f"**{argument.title.strip()}.** " + text])
    elif text:
        blocks.append([text])
    if argument.citations:
        blocks.append([vocabulary(language)["sources"], *(f"- {c.render(language)}" for c in argument.citations)])
    return blocks


def reason_name(ground: GroundText, language: str) -> str:
    return REASON_NAMES.get(language, {}).get(ground.reason_code, ground.reason_name)


_LAW_333_BASIS = re.compile(r"^Law 333-VI Art\. (\d+) p\. (\d+)(?: subs?\. ([\d, ]+))?$")


def legal_basis_text(basis: str, language: str) -> str:
    """The taxonomy's legal basis ("Law 333-VI Art. 14 p. 1 sub. 10") in the legal word order of a
    Russian draft ("подп. 10 п. 1 ст. 14 Закона № 333-VI") or a Kazakh one ("№ 333-VI Заңның
    14-бабы 1-тармағының 10) тармақшасы"); anything else as stored."""
    match = _LAW_333_BASIS.match(basis.strip())
    if language not in ("ru", "kk") or not match:
        return basis
    article, paragraph, subs = match.groups()
    if language == "kk":
        if not subs:
            return f"№ 333-VI Заңның {article}-бабының {paragraph}-тармағы"
        numbers = [number.strip() for number in subs.split(",") if number.strip()]
        items = ", ".join(f"{number})" for number in numbers)
        noun = "тармақшалары" if len(numbers) > 1 else "тармақшасы"
        return f"№ 333-VI Заңның {article}-бабы {paragraph}-тармағының {items} {noun}"
    text = f"п. {paragraph} ст. {article} Закона № 333-VI"
    return f"подп. {subs} {text}" if subs else text


def grounds_section(facts: CaseFacts) -> list[list[str]]:
    lang, words = facts.language, vocabulary(facts.language)
    blocks = [[f"## {words['grounds']}"]]
    answered: dict[ArgumentText, int] = {}  # an argument already given, and the ground it answered
    for number, ground in enumerate(facts.grounds, start=1):
        name = reason_name(ground, lang)
        if ground.legal_basis:
            name = f"{name} ({legal_basis_text(ground.legal_basis, lang)})"
        blocks.append([f"### {words['ground'].format(n=number, name=name)}"])
        if ground.quote.strip():
            blocks.append([words["wrote"], *quote_block(ground.quote)])
        else:
            blocks.append([words["no_quote"]])
        if ground.arguments:
            for argument in ground.arguments:
                if argument in answered:
                    earlier = answered[argument]
                    blocks.append([words["same_answer"].format(n=earlier, title=argument.title.strip().rstrip("."))])
                    continue
                answered[argument] = number
                blocks += argument_blocks(argument, lang)
        else:
            blocks.append([words["no_argument"]])
    return blocks


def no_alternative_section(facts: CaseFacts) -> list[list[str]]:
    if not facts.no_alternative:
        return []
    blocks = [[f"## {vocabulary(facts.language)['alternative']}"]]
    for argument in facts.no_alternative:
        blocks += argument_blocks(argument, facts.language)
    return blocks


def standards_section(facts: CaseFacts) -> list[list[str]]:
    if not facts.standards:
        return []
    blocks = [[f"## {vocabulary(facts.language)['standards']}"]]
    for argument in facts.standards:
        blocks += argument_blocks(argument, facts.language)
    return blocks


def deadline_lines(facts: CaseFacts) -> list[str]:
    lang, words = facts.language, vocabulary(facts.language)
    kind = words[DOCUMENT_KIND.get(facts.venue, "appeal")]
    deadline = facts.deadline
    if deadline is None:
        return [words["no_deadline"]]
    due = format_date(deadline.due_on, lang)
    if not deadline.rule_code:
        return [words["deadline_given"].format(due=due, title=deadline.title or kind), words["check"]]
    source = RULE_SOURCES.get(lang, {}).get(deadline.rule_code, deadline.source)
    period = words["months"].get(deadline.count) if deadline.unit == "months" else None
    period = period or words["unit"].get(deadline.unit, "{n}").format(n=deadline.count)
    start_words = RULE_START.get(lang, RULE_START["en"]).get(deadline.rule_code, RULE_START_UNKNOWN.get(lang, "{date}"))
    lines = [
        words["deadline_rule"].format(
            source=source,
            period=period,
            start=start_words.format(
                date=format_date(deadline.start, lang), date_from=format_date(deadline.start, lang, "from")
            ),
            due=due,
            rolled=words["deadline_rolled"] if deadline.rolled else "",
        )
    ]
    lines.append(words["verify"] if deadline.needs_verification else words["check"])
    return lines


def deadline_section(facts: CaseFacts) -> list[list[str]]:
    lang, words = facts.language, vocabulary(facts.language)
    kind = words[DOCUMENT_KIND.get(facts.venue, "appeal")]
    blocks = [[f"## {words['deadline']}"], deadline_lines(facts)]
    if facts.event_day:
        urgency = [words["event"].format(date=format_date(facts.event_day, lang, "on"), kind=kind)]
        if facts.remedy_before_event is False:
            urgency.append(words["not_in_time"].format(date=format_date(facts.event_day, lang, "until")))
        blocks.append(urgency)
        if facts.remedy_before_event is False:
            for argument in facts.remedy:
                blocks += argument_blocks(argument, lang)
    return blocks
