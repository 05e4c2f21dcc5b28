"""The rest of the Kazakh library (issue 8): templates for the prosecutor, the ombudsman and the UN
Human Rights Committee, and the ten arguments 0003 left for later, so that a Kazakh appeal to any
venue is drafted in Kazakh (appeals.drafting has the Kazakh vocabulary).

Cites only what the English and Russian versions of each argument cite (LEGAL.md: all confirmed),
by the same keys as 0002. The Constitutional Court's resolution is, as in Russian and English,
mentioned in the text with a note to verify it, never seeded as a citation; its number is given as
LEGAL.md gives it. Article 21 of the Covenant is quoted in Kazakh with a note to compare it with the
official Kazakh text, which has not been read yet. Official names: «Қазақстан Республикасында бейбіт
жиналыстарды ұйымдастыру және өткізу тәртібі туралы» Заң (Law 333-VI), Әкімшілік рәсімдік-процестік
кодекс (ӘРПК, АППК), Азаматтық және саяси құқықтар туралы халықаралық пакт (АСҚХП, ICCPR),
Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкіл (the ombudsman).

It also rewrites 0003's two templates and closing so that the decision's date is followed by its
noun (a template's {decision} is now "2021 жылғы 26 қарашадағы № 12": the date's "of" form), and
their notes start "[Ескерту:", which the Word export highlights — but only a row still exactly as
0003 seeded it: a volunteer's edits are never overwritten.

Re-runnable: rows are created only when missing. Reversible: the reverse removes the rows this
migration created and puts 0003's texts back, again only where nobody has edited them since.
"""

import importlib

from django.db import migrations

SEED_0003 = importlib.import_module("appeals.migrations.0003_seed_kazakh")

LAW_333_KK = (
    "«Қазақстан Республикасында бейбіт жиналыстарды ұйымдастыру және өткізу тәртібі туралы» Қазақстан "
    "Республикасының 2020 жылғы 25 мамырдағы № 333-VI Заңы"
)
LAW_333_URL_KK = "https://adilet.zan.kz/kaz/docs/Z2000000333"
ODIHR_KK = (
    "ЕҚЫҰ ДИАҚБ және Венеция комиссиясы, Бейбіт жиналыстар бостандығы жөніндегі басшылық қағидаттар, "
    "3-басылым (CDL-AD(2019)017)"
)
ODIHR_URL = "https://www.venice.coe.int/webforms/documents/?pdf=CDL-AD(2019)017-e"

CITATIONS_KK = {
    **SEED_0003.CITATIONS_KK,  # iccpr-21, gc-37, odihr-22
    "odihr": (ODIHR_KK, "", ODIHR_URL),
    "odihr-remedies": (ODIHR_KK, "құқықтық қорғау құралдары туралы бөлім", ODIHR_URL),
    "toregozhina-2503": (
        "БҰҰ Адам құқықтары жөніндегі комитеті, Торегожина Қазақстанға қарсы, № 2503/2014 хабарлама, "
        "2020 жылғы 23 шілдедегі пікірлер (CCPR/C/129/D/2503/2014)",
        "",
        "https://undocs.org/CCPR/C/129/D/2503/2014",
    ),
    "toregozhina-2137": (
        "БҰҰ Адам құқықтары жөніндегі комитеті, Торегожина Қазақстанға қарсы, № 2137/2012 хабарлама, "
        "2014 жылғы 21 қазандағы пікірлер (CCPR/C/112/D/2137/2012)",
        "",
        "https://undocs.org/CCPR/C/112/D/2137/2012",
    ),
    "optional-protocol": ("Азаматтық және саяси құқықтар туралы халықаралық пактінің Факультативтік хаттамасы", "", ""),
    "law-333-art-14": (LAW_333_KK, "14-баптың 1-тармағы", LAW_333_URL_KK),
    "law-333-art-10": (LAW_333_KK, "10-бап", LAW_333_URL_KK),
    "law-333-art-10-3": (LAW_333_KK, "10-баптың 3-тармағы", LAW_333_URL_KK),
    "law-333-art-12-1": (LAW_333_KK, "12-баптың 1-тармағы", LAW_333_URL_KK),
    "law-333-art-12-2": (LAW_333_KK, "12-баптың 2-тармағы", LAW_333_URL_KK),
    "law-333-art-13-1": (LAW_333_KK, "13-баптың 1-тармағы", LAW_333_URL_KK),
}

# code, position (as in 0002), kind, reasons, venues, citations, (title, text)
ARGUMENTS_KK = [
    (
        "public-order-duty-to-protect",
        2,
        "ground",
        ["public_order"],
        [],
        ["iccpr-21", "gc-37"],
        (
            "Ықтимал тәртіпсіздік бас тартуға негіз емес: мемлекет жиналысты қорғауға міндетті",
            "Тәртіпсіздіктің немесе қарсы тараптың дұшпандық демонстрациясының ықтималдығы ғана бас тартуды "
            "ақтамайды. Орган нақты қатерді көрсететін нақты фактілерді келтіруге тиіс; оның міндеті — бейбіт "
            "жиналысқа кедергі келтіру емес, жиналысты да, оған қатысушыларды да қорғау.",
        ),
    ),
    (
        "late-filing-dates",
        3,
        "ground",
        ["late_filing"],
        [],
        ["law-333-art-10", "law-333-art-12-1", "law-333-art-14"],
        (
            "Өтініш заңда белгіленген мерзімде берілді",
            "№ 333-VI Заң беру мерзімін жиналыс күніне дейінгі жұмыс күндерімен белгілейді: хабарлама "
            "жиналыс өткізілетін күнге дейін 5 жұмыс күнінен кешіктірілмей (10-бап), келісу туралы өтініш "
            "10 жұмыс күнінен кешіктірілмей беріледі, бұл ретте берілген күн тіркелген күн болып саналады "
            "(12-баптың 1-тармағы). Тіркелген күннен бастап санағанда, өтініш осы мерзімде берілген.\n"
            "[Ескерту: бұл дәлелді пайдаланбас бұрын оны Ruqsat өтініш бетінде есептеген берудің соңғы "
            "күнімен салыстырыңыз.]",
        ),
    ),
    (
        "incomplete-correct-not-refuse",
        4,
        "ground",
        ["incomplete_application"],
        [],
        ["law-333-art-10-3", "law-333-art-12-2", "law-333-art-14"],
        (
            "Болмашы кемшілікті бас тартумен емес, түзету арқылы жою керек",
            "Заң талап ететін мәліметтердегі кез келген олқылық туралы (хабарлама үшін № 333-VI Заңның "
            "10-бабының 3-тармағы, өтініш үшін 12-баптың 2-тармағы) орган хабарлай алар еді, сонда кемшілік "
            "уақтылы түзетілер еді. Орган түзетуді ұсына алатын болмашы кемшілік үшін бас тарту мөлшерлес "
            "емес.",
        ),
    ),
    (
        "closed-list",
        5,
        "ground",
        ["prohibited_location", "security_threat", "organizer_ineligible", "other"],
        [],
        ["law-333-art-14"],
        (
            "Бас тарту негіздерінің тізбесі жабық",
            "№ 333-VI Заңның 14-бабының 1-тармағы бас тарту негіздерінің толық тізбесін белгілейді. Бас "
            "тартуда орган осы негіздердің қайсысына сүйенетіні көрсетіліп, оны растайтын фактілер "
            "келтірілуге тиіс; тізбеден тыс негіз немесе фактілерсіз айтылған негіз бас тартуға негіз бола "
            "алмайды.",
        ),
    ),
    (
        "no-alternative-offered",
        6,
        "no_alternative",
        [],
        [],
        ["law-333-art-13-1", "law-333-art-14"],
        (
            "Алдымен басқа орын немесе уақыт ұсынылуға тиіс еді",
            "Бас тарту орынның бос еместігіне немесе онда жұмыстар жүргізілетініне негізделген (№ 333-VI "
            "Заңның 14-бабы 1-тармағының 10) тармақшасы), алайда орган басқа орынды да, маршрутты да, "
            "уақытты да ұсынған жоқ. Заңның өзі органға өтінішке орынды, маршрутты және (немесе) уақытты "
            "өзгерту туралы ұсыныспен жауап беруге мүмкіндік береді (13-баптың 1-тармағы), ал Конституциялық "
            "Соттың 2025 жылғы 20 қаңтардағы № 61-НП нормативтік қаулысы осы негіз бойынша бас тартпас бұрын "
            "басқа орын және (немесе) уақыт ұсынуды талап етеді. Бұл қадамды өткізіп жіберген бас тарту "
            "заңсыз.\n"
            "[Ескерту: Конституциялық Соттың қаулысы хабарламалар бойынша келтірілген; беру алдында оның "
            "мәтінін adilet.zan.kz сайтынан (S2500000061) және бас тарту күніне қолданылатынын тексеріңіз.]",
        ),
    ),
    (
        "iccpr-article-21",
        7,
        "standard",
        [],
        [],
        ["iccpr-21"],
        (
            "Бейбіт жиналыстар құқығы (АСҚХП 21-бабы)",
            "Қазақстан Азаматтық және саяси құқықтар туралы халықаралық пактіні 2006 жылғы 24 қаңтарда "
            "ратификациялады. Пактінің 21-бабында былай делінген:\n"
            "> Бейбіт жиналыстар құқығы танылады. Бұл құқықты пайдалану заңға сәйкес қойылатын және "
            "демократиялық қоғамда мемлекеттік немесе қоғамдық қауіпсіздік, қоғамдық тәртіп, халықтың "
            "денсаулығы мен имандылығын қорғау немесе басқа адамдардың құқықтары мен бостандықтарын қорғау "
            "мүдделері үшін қажетті шектеулерден басқа ешқандай шектеулерге жатпайды.\n"
            "Жиналысты толықтай өткізуден бас тарту — ықтимал шектеулердің ең қатаңы: ол осы шарттардың "
            "әрқайсысына сай келуге тиіс, және мұны дәлелдеу міндеті органға жүктеледі.\n"
            "[Ескерту: 21-баптың мәтінін Пактінің ресми қазақ тіліндегі мәтінімен (adilet.zan.kz, Z050000091_) "
            "салыстырыңыз.]",
        ),
    ),
    (
        "approval-as-notification",
        8,
        "standard",
        [],
        [],
        ["gc-37", "odihr"],
        (
            "Келісу тәртібі хабарлама тәртібі ретінде жұмыс істеуге тиіс",
            "БҰҰ Адам құқықтары жөніндегі комитеті рұқсат беру тәртібі сақталған жерде ол іс жүзінде хабарлама "
            "жүйесі ретінде жұмыс істеуге, ал рұқсат өзінен-өзі берілуге тиіс екенін, хабарлама рәсімдері ашық "
            "және шамадан тыс бюрократиялық болмауға тиіс екенін атап көрсетеді. ЕҚЫҰ ДИАҚБ және Венеция "
            "комиссиясы хабарлама тәртібі ешқашан іс жүзінде рұқсат беру тәртібіне айналмауға тиіс екенін "
            "қосады. Сондықтан келісу өзінен-өзі берілуге тиіс еді.\n"
            "[Ескерту: дәйексөздер мазмұндалып келтірілген; ресми мәтін — төмендегі дереккөздерде.]",
        ),
    ),
    (
        "precedent-toregozhina",
        9,
        "standard",
        [],
        [],
        ["toregozhina-2503", "toregozhina-2137"],
        (
            "Ең жақын прецедент: Торегожина Қазақстанға қарсы",
            "«Торегожина Қазақстанға қарсы» ісінде (№ 2503/2014 хабарлама, 2020 жылғы 23 шілдедегі пікірлер) "
            "БҰҰ Адам құқықтары жөніндегі комитеті Алматы қаласы әкімдігінің бейбіт жиналысқа рұқсат беруден "
            "бас тартуын қарады — бұл осы істегі жағдаймен бірдей. Сондай-ақ «Торегожина Қазақстанға қарсы», "
            "№ 2137/2012 (Пактінің 9, 19 және 21-баптары) ісін және Комитеттің Қазақстан бойынша басқа "
            "пікірлерін қараңыз.\n"
            "[Ескерту: беру алдында Комитеттің тұжырымдарын пікірлер мәтінінен дәйексөз ретінде келтіріңіз.]",
        ),
    ),
    (
        "un-optional-protocol",
        10,
        "standard",
        [],
        ["un_committee"],
        ["optional-protocol"],
        (
            "Комитеттің құзыреті",
            "Қазақстан Пактіні 2006 жылғы 24 қаңтарда ратификациялады; Комитетке жеке хабарламалар жіберуге "
            "мүмкіндік беретін Бірінші Факультативтік хаттама Қазақстан үшін 2009 жылғы 30 қыркүйектен бастап "
            "күшінде.",
        ),
    ),
    (
        "effective-remedy",
        11,
        "remedy",
        [],
        [],
        ["odihr-remedies"],
        (
            "Жиналыс күнінен кейін келетін қорғау құралы тиімсіз",
            "Пакт тиімді құқықтық қорғау құралына кепілдік береді (АСҚХП 2-бабының 3-тармағы). ЕҚЫҰ ДИАҚБ "
            "мен Венеция комиссиясының басшылық қағидаттары құқықтық қорғау құралдары туралы бөлімде шешімнің "
            "жиналыстың жоспарланған күніне дейін қабылдануын талап етеді. Жиналыс күнінен кейін аяқталған "
            "қайта қарау өзі қорғауға тиіс құқықты қалпына келтіре алмайды.",
        ),
    ),
]

CLOSING_KK = (
    "Қосымшалар:\n"
    "- {decision} бас тартудың көшірмесі;\n"
    "- тіркелген өтініштің көшірмесі;\n"
    "- [басқа құжаттар]\n"
    "\n"
    "Күні: ____________\n"
    "Қолдары: {signatories}"
)

# venue: (heading, request)
TEMPLATES_KK = {
    "higher_authority": (
        "Жоғары тұрған органға: {authority} арқылы (ҚР ӘРПК 91-бабының 4-тармағы)\n"
        "Кімнен: {organizations}\n"
        "# {authority} берген {decision} бейбіт жиналысты келісуден бас тартуға шағым",
        "Жоғары тұрған органнан сұраймыз:\n"
        "- {authority} берген {decision} бас тартудың күшін жоюды;\n"
        "- «{event_title}» бейбіт жиналысын мәлімделгендей ({event_day}, орны: {place}) өткізуге болады деп "
        "тануды не органды ({authority}) оны кідіріссіз келісуге міндеттеуді;\n"
        "- осы шағымды бейбіт жиналыс күніне ({event_day}) дейін қарауды.",
    ),
    "court": (
        "Әкімшілік сотқа [құзыретті сотты көрсетіңіз]\n"
        "Талапкерлер: {organizations}\n"
        "Жауапкер: {authority}\n"
        "# {authority} берген {decision} бейбіт жиналысты келісуден бас тартуға дау айту туралы талап арыз",
        "Соттан сұраймыз:\n"
        "- {authority} берген {decision} бас тартуды заңсыз деп тануды және оның күшін жоюды;\n"
        "- жауапкерді «{event_title}» бейбіт жиналысын келісуге міндеттеуді;\n"
        "- талап арызды бейбіт жиналыс күніне ({event_day}) дейін қарауды.\n"
        "[Ескерту: егер заңда өзгеше көзделмесе, сотқа дейінгі шағымдану міндетті (ҚР ӘРПК 91-бабының "
        "5-тармағы). Шағым бойынша шешімді қоса беріңіз немесе оның неге жоқ екенін түсіндіріңіз.]",
    ),
    "prosecutor": (
        "Прокуратура органдарына [прокуратураны көрсетіңіз: {jurisdiction}]\n"
        "Кімнен: {organizations}\n"
        "# {authority} берген {decision} бейбіт жиналысты келісуден бас тартудың заңдылығын тексеру туралы "
        "өтініш",
        "Сұраймыз:\n"
        "- {authority} берген {decision} бас тартудың заңдылығын тексеруді;\n"
        "- бейбіт жиналыстар құқығын бейбіт жиналыс күніне ({event_day}) дейін қалпына келтіру үшін заңда "
        "көзделген прокурорлық қадағалау шараларын қабылдауды;\n"
        "- нәтижесі туралы бізге жазбаша хабарлауды.",
    ),
    "ombudsman": (
        "Қазақстан Республикасындағы Адам құқықтары жөніндегі уәкілге\n"
        "Кімнен: {organizations}\n"
        "# {authority} берген {decision} бейбіт жиналысты келісуден бас тартуға шағым",
        "Сұраймыз:\n"
        "- бейбіт жиналыстар құқығының бұзылуы туралы осы шағымды қарауды;\n"
        "- бұл құқықты мүмкіндігінше бейбіт жиналыс күніне ({event_day}) дейін қалпына келтіру үшін "
        "Уәкілдің құзыреті шегінде шаралар қабылдауды;\n"
        "- нәтижесі туралы бізге хабарлауды.",
    ),
    "un_committee": (
        "БҰҰ Адам құқықтары жөніндегі комитетіне (БҰҰ Адам құқықтары жөніндегі Жоғарғы комиссарының "
        "басқармасы, Женева)\n"
        "Авторлар: {signatories} ({organizations} атынан)\n"
        "Қатысушы мемлекет: Қазақстан Республикасы\n"
        "# Азаматтық және саяси құқықтар туралы халықаралық пактінің Факультативтік хаттамасына сәйкес жеке "
        "хабарлама",
        "Авторлар Комитеттен сұрайды:\n"
        "- қатысушы мемлекет олардың Пактінің 21-бабында көзделген құқықтарын бұзды деп тануды;\n"
        "- қатысушы мемлекетке тиімді құқықтық қорғау құралын беруді және осындай бұзушылықтардың алдын "
        "алуды ұсынуды.\n"
        "[Ескерту: ішкі құқықтық қорғау құралдарының (шағым, сот) қалай толық пайдаланылғанын сипаттаңыз және "
        "мәселенің халықаралық тергеудің немесе реттеудің басқа рәсімі бойынша қаралмайтынын көрсетіңіз.]",
    ),
}


def _seeded_0003(venue):
    """0003's texts of a template, or None for a venue 0003 did not seed."""
    if venue not in SEED_0003.TEMPLATES_KK:
        return None
    heading, request = SEED_0003.TEMPLATES_KK[venue]
    return {"heading": heading, "request": request, "closing": SEED_0003.CLOSING_KK}


def _ours(venue):
    heading, request = TEMPLATES_KK[venue]
    return {"heading": heading, "request": request, "closing": CLOSING_KK}


def seed(apps, schema_editor):
    DraftTemplate = apps.get_model("appeals", "DraftTemplate")
    Argument = apps.get_model("appeals", "Argument")
    Citation = apps.get_model("appeals", "Citation")
    RefusalReason = apps.get_model("permits", "RefusalReason")
    for venue in TEMPLATES_KK:
        old, new = _seeded_0003(venue), _ours(venue)
        if old is not None:
            DraftTemplate.objects.filter(venue=venue, language="kk", **old).update(**new)
        DraftTemplate.objects.get_or_create(venue=venue, language="kk", defaults=new)
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
                confirmed=True,  # the citations 0002 seeds as confirmed for the same argument (LEGAL.md §4)
                position=index,
            )


def unseed(apps, schema_editor):
    DraftTemplate = apps.get_model("appeals", "DraftTemplate")
    Argument = apps.get_model("appeals", "Argument")
    for venue in TEMPLATES_KK:
        old, new = _seeded_0003(venue), _ours(venue)
        untouched = DraftTemplate.objects.filter(venue=venue, language="kk", **new)
        if old is not None:
            untouched.update(**old)
        else:
            untouched.delete()
    for code, _position, _kind, _reasons, _venues, _citations, (title, text) in ARGUMENTS_KK:
        Argument.objects.filter(code=code, language="kk", title=title, text=text).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0004_appeal_invitation"),
        ("permits", "0008_seed_translations"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
