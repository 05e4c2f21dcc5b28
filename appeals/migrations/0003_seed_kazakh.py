"""Kazakh draft templates and arguments (issue 8), beside the English and Russian ones of 0002.

Cites only what the Russian and English versions cite (LEGAL.md). Terms: шағым (complaint),
әкімдік (akimat), бейбіт жиналыс (peaceful assembly), ӘРПК for АППК, АСҚХП for ICCPR (Азаматтық
және саяси құқықтар туралы халықаралық пакт). So far: the higher-authority and court templates, and
the arguments for conflicting events, repair works and public health; the other venues and
arguments are still to come (drafts in those fall back to Russian with a note).

Re-runnable like 0002: rows are created only when missing, never overwriting a volunteer's edits.
"""

from django.db import migrations

ICCPR_KK = ("Азаматтық және саяси құқықтар туралы халықаралық пакт", "21-бап", "")
CITATIONS_KK = {
    "iccpr-21": ICCPR_KK,
    "gc-37": (
        "БҰҰ Адам құқықтары жөніндегі комитеті, бейбіт жиналыстар құқығы туралы № 37 жалпы ескертпе "
        "(CCPR/C/GC/37, 2020)",
        "",
        "https://undocs.org/CCPR/C/GC/37",
    ),
    "odihr-22": (
        "ЕҚЫҰ ДИАҚБ және Венеция комиссиясы, Бейбіт жиналыстар бостандығы жөніндегі басшылық қағидаттар, "
        "3-басылым (CDL-AD(2019)017)",
        "22-тармақ",
        "https://www.venice.coe.int/webforms/documents/?pdf=CDL-AD(2019)017-e",
    ),
}

# code, kind, reasons, venues, citations, (title, text) — position as in 0002
ARGUMENTS_KK = [
    (
        "place-taken-burden",
        0,
        "ground",
        ["conflicting_event", "repair_works"],
        [],
        ["odihr-22", "gc-37", "iccpr-21"],
        (
            "Кедергіні дәлелдеуге орган міндетті, ал орынды шектеу қажетті болуға тиіс",
            "Бас тартуда осы орындағы басқа іс-шара немесе жұмыстар аталады, бірақ ешқандай дәлел келтірілмейді: "
            "қандай іс-шара, оны кім ұйымдастырған және қашан келісілген; қандай жұмыстар, қандай негізде, қай "
            "күндері және қай сағаттарда. Орынның шынымен бос еместігін дәлелдеу міндеті органға жүктеледі. "
            "Мазмұнына қатысы жоқ уақытты, орынды және өткізу тәсілін шектеудің өзі қажетті және мөлшерлес болуға, "
            "жиналысты оның мақсатты аудиториясы көретін және еститін жерде қалдыруға тиіс; мемлекет бейбіт "
            "жиналысты ұйымдастырушы таңдаған орында өткізуге жәрдемдесуге міндетті. Шарттарды түзетудің "
            "орнына толық бас тарту осы талаптардың ешқайсысына сай келмейді.",
        ),
    ),
    (
        "public-health-proportionality",
        1,
        "ground",
        ["public_health"],
        [],
        ["iccpr-21"],
        (
            "Денсаулық сақтау себебімен шектеу заңды, қажетті, мөлшерлес және салыстырмалы іс-шараларға "
            "қарағанда қатаң емес болуға тиіс",
            "Халықтың денсаулығын сақтау мақсатындағы шектеу заңда көзделген, қажетті және мөлшерлес болуға тиіс. "
            "Ол сол уақытта салыстырмалы көпшілік іс-шараларға — базарларға, концерттерге, спорт жарыстарына — "
            "қолданылған ережелерден қатаң бола алмайды. Орган осы жиналысқа қай қолданыстағы норма тыйым "
            "салғанын және қашықтық сақтау немесе бетперде сияқты шаралардың неге жеткіліксіз болатынын "
            "көрсетпейді. Толық тыйым салу мөлшерлес шара болып табылмайды.",
        ),
    ),
]

CLOSING_KK = (
    "Қосымшалар:\n"
    "- бас тартудың көшірмесі {decision};\n"
    "- тіркелген өтініштің көшірмесі;\n"
    "- [басқа құжаттар]\n"
    "\n"
    "Күні: ____________\n"
    "Қолдары: {signatories}"
)

TEMPLATES_KK = {
    "higher_authority": (
        "Жоғары тұрған органға: {authority} арқылы (ҚР ӘРПК 91-бабының 4-тармағы)\n"
        "Кімнен: {organizations}\n"
        "# Бейбіт жиналысты келісуден бас тартуға шағым ({authority}, {decision})",
        "Жоғары тұрған органнан сұраймыз:\n"
        "- {authority} бас тартуының күшін жоюды {decision};\n"
        "- «{event_title}» бейбіт жиналысын мәлімделгендей, {event_day}, орны: {place}, өткізуге болады деп "
        "тануды не {authority} оны кідіріссіз келісуге міндеттеуді;\n"
        "- осы шағымды {event_day} дейін қарауды.",
    ),
    "court": (
        "Әкімшілік сотқа [құзыретті сотты көрсетіңіз]\n"
        "Талапкерлер: {organizations}\n"
        "Жауапкер: {authority}\n"
        "# Бейбіт жиналысты келісуден бас тартуға дау айту туралы талап арыз ({authority}, {decision})",
        "Соттан сұраймыз:\n"
        "- {authority} бас тартуын {decision} заңсыз деп тануды және оның күшін жоюды;\n"
        "- {authority} «{event_title}» бейбіт жиналысын келісуге міндеттеуді;\n"
        "- талапты {event_day} дейін қарауды.\n"
        "[Ескертпе: егер заңда өзгеше көзделмесе, сотқа дейінгі шағымдану міндетті (ҚР ӘРПК 91-бабының "
        "5-тармағы). Шағым бойынша шешімді қоса беріңіз немесе оның неге жоқ екенін түсіндіріңіз.]",
    ),
}


def seed(apps, schema_editor):
    DraftTemplate = apps.get_model("appeals", "DraftTemplate")
    Argument = apps.get_model("appeals", "Argument")
    Citation = apps.get_model("appeals", "Citation")
    RefusalReason = apps.get_model("permits", "RefusalReason")
    for venue, (heading, request) in TEMPLATES_KK.items():
        DraftTemplate.objects.get_or_create(
            venue=venue, language="kk", defaults={"heading": heading, "request": request, "closing": CLOSING_KK}
        )
    for code, position, kind, reasons, venues, citations, (title, text) in ARGUMENTS_KK:
        argument, created = Argument.objects.get_or_create(
            code=code,
            language="kk",
            defaults={"kind": kind, "title": title, "text": text, "venues": venues, "position": position},
        )
        if not created:
            continue
        argument.reasons.set(RefusalReason.objects.filter(code__in=reasons))
        for index, key in enumerate(citations):
            instrument, article, url = CITATIONS_KK[key]
            Citation.objects.create(
                argument=argument,
                instrument=instrument,
                article_or_paragraph=article,
                url=url,
                confirmed=True,  # the same citations 0002 seeds as confirmed (LEGAL.md §4)
                position=index,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0002_seed_templates_and_library"),
        ("permits", "0008_seed_translations"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
