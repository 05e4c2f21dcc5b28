"""Draft templates for every venue and the argument library, in English and Russian (LEGAL.md).

Only what LEGAL.md marks confirmed is cited: ICCPR art. 21; General Comment No. 37 and the
OSCE/ODIHR–Venice Commission Guidelines by instrument (paragraph numbers only where confirmed: the
Guidelines' para. 22); the confirmed Views against Kazakhstan; Law No. 333-VI arts. 10, 12, 13, 14
and АППК arts. 91–92 as read. The Constitutional Court's resolution No. 61-NP is "as reported": it
is mentioned in the argument's text with a note to verify it, never seeded as a citation. No
paragraph number is given that LEGAL.md does not give. A kk template comes with the localization
issue (drafts fall back to Russian with a note).

Re-runnable: rows are matched by (venue, language) and (code, language) and created only when
missing, so a legal volunteer's later edits are never overwritten.
"""

from django.db import migrations

# --- citations ---------------------------------------------------------------------------------------

LAW_333_EN = (
    "Law of the Republic of Kazakhstan No. 333-VI of 25 May 2020 on the procedure for organizing and holding "
    "peaceful assemblies"
)
LAW_333_RU = (
    "Закон Республики Казахстан от 25 мая 2020 года № 333-VI «О порядке организации и проведения мирных собраний "
    "в Республике Казахстан»"
)
LAW_333_URL_EN = "https://adilet.zan.kz/eng/docs/Z2000000333"
LAW_333_URL_RU = "https://adilet.zan.kz/rus/docs/Z2000000333"


def law_333(language, article):
    if language == "ru":
        return (LAW_333_RU, article, LAW_333_URL_RU)
    return (LAW_333_EN, article, LAW_333_URL_EN)


CITATIONS = {
    "iccpr-21": {
        "en": ("International Covenant on Civil and Political Rights", "art. 21", ""),
        "ru": ("Международный пакт о гражданских и политических правах", "ст. 21", ""),
    },
    "gc-37": {
        "en": (
            "UN Human Rights Committee, General Comment No. 37 on the right of peaceful assembly "
            "(CCPR/C/GC/37, 2020)",
            "",
            "https://undocs.org/CCPR/C/GC/37",
        ),
        "ru": (
            "Комитет ООН по правам человека, Замечание общего порядка № 37 о праве на мирные собрания "
            "(CCPR/C/GC/37, 2020)",
            "",
            "https://undocs.org/CCPR/C/GC/37",
        ),
    },
    "odihr-22": {
        "en": (
            "OSCE/ODIHR and Venice Commission, Guidelines on Freedom of Peaceful Assembly, 3rd edition "
            "(CDL-AD(2019)017)",
            "para. 22",
            "https://www.venice.coe.int/webforms/documents/?pdf=CDL-AD(2019)017-e",
        ),
        "ru": (
            "БДИПЧ ОБСЕ и Венецианская комиссия, Руководящие принципы по свободе мирных собраний, 3-е издание "
            "(CDL-AD(2019)017)",
            "п. 22",
            "https://www.venice.coe.int/webforms/documents/?pdf=CDL-AD(2019)017-e",
        ),
    },
    "odihr": {
        "en": (
            "OSCE/ODIHR and Venice Commission, Guidelines on Freedom of Peaceful Assembly, 3rd edition "
            "(CDL-AD(2019)017)",
            "",
            "https://www.venice.coe.int/webforms/documents/?pdf=CDL-AD(2019)017-e",
        ),
        "ru": (
            "БДИПЧ ОБСЕ и Венецианская комиссия, Руководящие принципы по свободе мирных собраний, 3-е издание "
            "(CDL-AD(2019)017)",
            "",
            "https://www.venice.coe.int/webforms/documents/?pdf=CDL-AD(2019)017-e",
        ),
    },
    "odihr-remedies": {
        "en": (
            "OSCE/ODIHR and Venice Commission, Guidelines on Freedom of Peaceful Assembly, 3rd edition "
            "(CDL-AD(2019)017)",
            "section on legal remedies",
            "https://www.venice.coe.int/webforms/documents/?pdf=CDL-AD(2019)017-e",
        ),
        "ru": (
            "БДИПЧ ОБСЕ и Венецианская комиссия, Руководящие принципы по свободе мирных собраний, 3-е издание "
            "(CDL-AD(2019)017)",
            "раздел о средствах правовой защиты",
            "https://www.venice.coe.int/webforms/documents/?pdf=CDL-AD(2019)017-e",
        ),
    },
    "toregozhina-2503": {
        "en": (
            "UN Human Rights Committee, Toregozhina v. Kazakhstan, communication No. 2503/2014, Views of "
            "23 July 2020 (CCPR/C/129/D/2503/2014)",
            "",
            "https://undocs.org/CCPR/C/129/D/2503/2014",
        ),
        "ru": (
            "Комитет ООН по правам человека, Торегожина против Казахстана, сообщение № 2503/2014, соображения от "
            "23 июля 2020 года (CCPR/C/129/D/2503/2014)",
            "",
            "https://undocs.org/CCPR/C/129/D/2503/2014",
        ),
    },
    "toregozhina-2137": {
        "en": (
            "UN Human Rights Committee, Toregozhina v. Kazakhstan, communication No. 2137/2012, Views of "
            "21 October 2014 (CCPR/C/112/D/2137/2012)",
            "",
            "https://undocs.org/CCPR/C/112/D/2137/2012",
        ),
        "ru": (
            "Комитет ООН по правам человека, Торегожина против Казахстана, сообщение № 2137/2012, соображения от "
            "21 октября 2014 года (CCPR/C/112/D/2137/2012)",
            "",
            "https://undocs.org/CCPR/C/112/D/2137/2012",
        ),
    },
    "optional-protocol": {
        "en": ("Optional Protocol to the International Covenant on Civil and Political Rights", "", ""),
        "ru": ("Факультативный протокол к Международному пакту о гражданских и политических правах", "", ""),
    },
    "law-333-art-14": {"en": law_333("en", "Art. 14 p. 1"), "ru": law_333("ru", "п. 1 ст. 14")},
    "law-333-art-10": {"en": law_333("en", "Art. 10"), "ru": law_333("ru", "ст. 10")},
    "law-333-art-10-3": {"en": law_333("en", "Art. 10 p. 3"), "ru": law_333("ru", "п. 3 ст. 10")},
    "law-333-art-12-1": {"en": law_333("en", "Art. 12 p. 1"), "ru": law_333("ru", "п. 1 ст. 12")},
    "law-333-art-12-2": {"en": law_333("en", "Art. 12 p. 2"), "ru": law_333("ru", "п. 2 ст. 12")},
    "law-333-art-13-1": {"en": law_333("en", "Art. 13 p. 1"), "ru": law_333("ru", "п. 1 ст. 13")},
}

# --- arguments -------------------------------------------------------------------------------------------
# code, kind, reasons, venues, citations, {language: (title, text)}

ARGUMENTS = [
    (
        "place-taken-burden",
        "ground",
        ["conflicting_event", "repair_works"],
        [],
        ["odihr-22", "gc-37", "iccpr-21"],
        {
            "en": (
                "The authority must prove the conflict, and any restriction of place must be necessary",
                "The refusal names another event or works at the place but gives no evidence of them: which event, "
                "organized by whom and approved when; which works, under which permit, on which days and hours. The "
                "burden is on the authority to show that the place is actually taken. Even a content-neutral "
                "restriction of time, place and manner must be necessary and proportionate, and must leave the "
                "assembly within “sight and sound” of its intended audience: the authorities have a duty “to "
                "facilitate assemblies at the organizer's preferred location”. Refusing the whole assembly instead "
                "of adjusting it does neither.",
            ),
            "ru": (
                "Орган обязан доказать наличие препятствия, а ограничение места должно быть необходимым",
                "В отказе упоминаются другое мероприятие или работы в этом месте, но не приводится никаких "
                "доказательств: какое мероприятие, кем организовано и когда согласовано; какие работы, на каком "
                "основании, в какие дни и часы. Бремя доказывания того, что место действительно занято, лежит на "
                "органе. Даже нейтральное по содержанию ограничение времени, места и способа проведения должно быть "
                "необходимым и соразмерным и оставлять собрание в пределах видимости и слышимости его целевой "
                "аудитории; государство обязано содействовать проведению собраний в месте, выбранном организатором. "
                "Полный отказ вместо корректировки условий не отвечает ни одному из этих требований.",
            ),
        },
    ),
    (
        "public-health-proportionality",
        "ground",
        ["public_health"],
        [],
        ["iccpr-21"],
        {
            "en": (
                "A health restriction must be lawful, necessary, proportionate and no stricter than for comparable "
                "gatherings",
                "A restriction for the protection of public health must be prescribed by law, necessary and "
                "proportionate. It may be no stricter than the rules applied at the same time to comparable "
                "gatherings — markets, concerts, sports events. The authority does not show which rule in force "
                "forbade this assembly, or why measures such as distancing or masks would not suffice. A blanket "
                "ban is not a proportionate response.",
            ),
            "ru": (
                "Ограничение по соображениям здоровья должно быть законным, необходимым, соразмерным и не строже, "
                "чем для сопоставимых мероприятий",
                "Ограничение в целях охраны здоровья населения должно быть предусмотрено законом, необходимым и "
                "соразмерным. Оно не может быть строже правил, действовавших в то же время для сопоставимых "
                "массовых мероприятий — рынков, концертов, спортивных соревнований. Орган не указывает, какая "
                "действующая норма запрещала это собрание и почему таких мер, как дистанция или маски, было бы "
                "недостаточно. Полный запрет не является соразмерной мерой.",
            ),
        },
    ),
    (
        "public-order-duty-to-protect",
        "ground",
        ["public_order"],
        [],
        ["iccpr-21", "gc-37"],
        {
            "en": (
                "A possible disturbance is no ground to refuse: the State must protect the assembly",
                "The mere possibility of disorder, or of a hostile counter-demonstration, does not justify a "
                "refusal. The authority must point to concrete facts showing a real threat, and its duty is to "
                "protect the peaceful assembly and its participants, not to prevent it.",
            ),
            "ru": (
                "Возможность беспорядков не основание для отказа: государство обязано защищать собрание",
                "Одна лишь возможность беспорядков или враждебной контрдемонстрации не оправдывает отказ. Орган "
                "должен указать конкретные факты, свидетельствующие о реальной угрозе; его обязанность — защищать "
                "мирное собрание и его участников, а не препятствовать ему.",
            ),
        },
    ),
    (
        "late-filing-dates",
        "ground",
        ["late_filing"],
        [],
        ["law-333-art-10", "law-333-art-12-1", "law-333-art-14"],
        {
            "en": (
                "The filing was within the period the law sets",
                "Law No. 333-VI sets the filing period in working days before the day of the assembly: no later "
                "than 5 working days for a notification (Art. 10) and 10 working days for an application for "
                "approval, the day of submission being the day of registration (Art. 12 p. 1). Counted from the "
                "registration date, the filing was within that period.\n"
                "[Note: check this against the latest filing day Ruqsat computed on the application page before "
                "using this argument.]",
            ),
            "ru": (
                "Заявление подано в установленный законом срок",
                "Закон № 333-VI устанавливает срок подачи в рабочих днях до дня собрания: не позднее чем за 5 "
                "рабочих дней для уведомления (ст. 10) и за 10 рабочих дней для заявления о согласовании, причём "
                "днём подачи считается день регистрации (п. 1 ст. 12). Считая от даты регистрации, заявление "
                "подано в этот срок.\n"
                "[Примечание: перед использованием этого довода сверьте его с последним днём подачи, который "
                "Ruqsat рассчитал на странице заявления.]",
            ),
        },
    ),
    (
        "incomplete-correct-not-refuse",
        "ground",
        ["incomplete_application"],
        [],
        ["law-333-art-10-3", "law-333-art-12-2", "law-333-art-14"],
        {
            "en": (
                "A minor defect should be corrected, not answered by refusal",
                "Any gap in the information the law requires (Law No. 333-VI, Art. 10 p. 3 for a notification, "
                "Art. 12 p. 2 for an application) could have been pointed out and corrected in time. Refusing for "
                "a minor defect that the authority could have asked to correct is disproportionate.",
            ),
            "ru": (
                "Незначительный недостаток следует устранить, а не отказывать",
                "О любом пробеле в сведениях, которых требует закон (п. 3 ст. 10 Закона № 333-VI для уведомления, "
                "п. 2 ст. 12 для заявления), орган мог сообщить, и недостаток был бы своевременно устранён. Отказ "
                "из-за незначительного недостатка, который орган мог предложить исправить, несоразмерен.",
            ),
        },
    ),
    (
        "closed-list",
        "ground",
        ["prohibited_location", "security_threat", "organizer_ineligible", "other"],
        [],
        ["law-333-art-14"],
        {
            "en": (
                "The grounds for refusal are a closed list",
                "Law No. 333-VI, Art. 14 p. 1 lists exhaustively the grounds on which the authority may refuse. A "
                "refusal must name the ground of that list it relies on and show the facts that bring the case "
                "within it; a ground outside the list, or one asserted without facts, cannot support a refusal.",
            ),
            "ru": (
                "Перечень оснований для отказа закрытый",
                "Пункт 1 статьи 14 Закона № 333-VI содержит исчерпывающий перечень оснований для отказа. В отказе "
                "должно быть указано, на какое из этих оснований опирается орган, и приведены факты, которые его "
                "подтверждают; основание вне перечня или заявленное без фактов не может служить основанием отказа.",
            ),
        },
    ),
    (
        "no-alternative-offered",
        "no_alternative",
        [],
        [],
        ["law-333-art-13-1", "law-333-art-14"],
        {
            "en": (
                "Another place or time had to be proposed first",
                "The refusal relies on the place being taken or under works (Law No. 333-VI, Art. 14 p. 1, sub. 10), "
                "yet the authority proposed no other place, route or time. The law itself lets the authority answer "
                "an application with a proposal to change the place, route and/or time (Art. 13 p. 1), and the "
                "Constitutional Court's normative resolution No. 61-NP of 20 January 2025 requires the authority to "
                "propose another place and/or time before refusing on this ground. A refusal that skips this step "
                "is unlawful.\n"
                "[Note: the Constitutional Court's resolution is cited as reported; verify its text at "
                "adilet.zan.kz (S2500000061), and that it applies on the date of the refusal, before filing.]",
            ),
            "ru": (
                "Сначала нужно было предложить другое место или время",
                "Отказ основан на том, что место занято или в нём ведутся работы (подп. 10 п. 1 ст. 14 Закона "
                "№ 333-VI), однако орган не предложил ни другого места, ни маршрута, ни времени. Закон сам "
                "позволяет органу ответить на заявление предложением изменить место, маршрут и (или) время "
                "(п. 1 ст. 13), а нормативное постановление Конституционного Суда № 61-НП от 20 января 2025 года "
                "требует до отказа по этому основанию предложить другое место и (или) время. Отказ без этого шага "
                "незаконен.\n"
                "[Примечание: постановление Конституционного Суда приведено по сообщениям; перед подачей сверьте "
                "его текст на adilet.zan.kz (S2500000061) и применимость на дату отказа.]",
            ),
        },
    ),
    (
        "iccpr-article-21",
        "standard",
        [],
        [],
        ["iccpr-21"],
        {
            "en": (
                "The right of peaceful assembly (ICCPR, article 21)",
                "Kazakhstan ratified the International Covenant on Civil and Political Rights on 24 January 2006. "
                "Its article 21 reads:\n"
                "> The right of peaceful assembly shall be recognized. No restrictions may be placed on the exercise "
                "of this right other than those imposed in conformity with the law and which are necessary in a "
                "democratic society in the interests of national security or public safety, public order (ordre "
                "public), the protection of public health or morals or the protection of the rights and freedoms of "
                "others.\n"
                "A refusal of the whole assembly is the most severe restriction there is: it must meet each of "
                "these conditions, and the authority must show that it does.",
            ),
            "ru": (
                "Право на мирные собрания (статья 21 МПГПП)",
                "Казахстан ратифицировал Международный пакт о гражданских и политических правах 24 января 2006 "
                "года. Статья 21 Пакта гласит:\n"
                "> Признается право на мирные собрания. Пользование этим правом не подлежит никаким ограничениям, "
                "кроме тех, которые налагаются в соответствии с законом и которые необходимы в демократическом "
                "обществе в интересах государственной или общественной безопасности, общественного порядка, охраны "
                "здоровья и нравственности населения или защиты прав и свобод других лиц.\n"
                "Отказ в проведении собрания целиком — самое строгое из возможных ограничений: он должен отвечать "
                "каждому из этих условий, и доказать это обязан орган.",
            ),
        },
    ),
    (
        "approval-as-notification",
        "standard",
        [],
        [],
        ["gc-37", "odihr"],
        {
            "en": (
                "An approval regime must work as a notification system",
                "The UN Human Rights Committee holds that “where authorization regimes persist … they must in "
                "practice function as a system of notification, with authorization being granted as a matter of "
                "course”, and that “notification procedures should be transparent, not unduly bureaucratic …”. The "
                "OSCE/ODIHR and the Venice Commission add: “A notification regime should never be turned into a de "
                "facto authorization procedure.” Approval should therefore have been granted as a matter of course.",
            ),
            "ru": (
                "Разрешительный порядок должен действовать как уведомительный",
                "Комитет ООН по правам человека указывает, что там, где сохраняется разрешительный порядок, он на "
                "практике должен действовать как уведомительная система, а разрешение должно выдаваться как нечто "
                "само собой разумеющееся; процедуры уведомления должны быть прозрачными и не чрезмерно "
                "бюрократическими. БДИПЧ ОБСЕ и Венецианская комиссия добавляют, что уведомительный порядок никогда "
                "не должен превращаться в фактически разрешительный. Поэтому согласование должно было быть дано как "
                "само собой разумеющееся.\n"
                "[Примечание: цитаты приведены в пересказе; официальный текст — в источниках ниже.]",
            ),
        },
    ),
    (
        "precedent-toregozhina",
        "standard",
        [],
        [],
        ["toregozhina-2503", "toregozhina-2137"],
        {
            "en": (
                "The closest precedent: Toregozhina v. Kazakhstan",
                "In Toregozhina v. Kazakhstan (communication No. 2503/2014, Views of 23 July 2020) the UN Human "
                "Rights Committee examined a refusal by the Almaty akimat to authorize a peaceful assembly — the "
                "situation of this case. See also Toregozhina v. Kazakhstan, No. 2137/2012 (articles 9, 19 and 21 "
                "of the Covenant), and the Committee's other Views concerning Kazakhstan.\n"
                "[Note: quote the Committee's findings from the Views before filing.]",
            ),
            "ru": (
                "Ближайший прецедент: Торегожина против Казахстана",
                "В деле «Торегожина против Казахстана» (сообщение № 2503/2014, соображения от 23 июля 2020 года) "
                "Комитет ООН по правам человека рассмотрел отказ акимата города Алматы в разрешении мирного "
                "собрания — ту же ситуацию, что и в настоящем деле. См. также «Торегожина против Казахстана», "
                "№ 2137/2012 (статьи 9, 19 и 21 Пакта), и другие соображения Комитета по Казахстану.\n"
                "[Примечание: перед подачей процитируйте выводы Комитета из текста соображений.]",
            ),
        },
    ),
    (
        "un-optional-protocol",
        "standard",
        [],
        ["un_committee"],
        ["optional-protocol"],
        {
            "en": (
                "The Committee's competence",
                "Kazakhstan ratified the Covenant on 24 January 2006; the First Optional Protocol, which allows "
                "individual communications to the Committee, has been in force for Kazakhstan since "
                "30 September 2009.",
            ),
            "ru": (
                "Компетенция Комитета",
                "Казахстан ратифицировал Пакт 24 января 2006 года; Первый Факультативный протокол, допускающий "
                "индивидуальные сообщения в Комитет, действует для Казахстана с 30 сентября 2009 года.",
            ),
        },
    ),
    (
        "effective-remedy",
        "remedy",
        [],
        [],
        ["odihr-remedies"],
        {
            "en": (
                "A remedy that comes after the event is not effective",
                "The Covenant guarantees an effective remedy (ICCPR, art. 2 p. 3). The OSCE/ODIHR–Venice Commission "
                "Guidelines, in their section on legal remedies, call for a remedy decided before the planned date "
                "of the assembly. A review decided after the day of the assembly cannot restore the right it is "
                "meant to protect.",
            ),
            "ru": (
                "Средство защиты, которое срабатывает после дня собрания, неэффективно",
                "Пакт гарантирует эффективное средство правовой защиты (п. 3 ст. 2 МПГПП). Руководящие принципы "
                "БДИПЧ ОБСЕ и Венецианской комиссии в разделе о средствах правовой защиты требуют, чтобы решение "
                "было принято до запланированной даты собрания. Пересмотр, завершённый после дня собрания, не может "
                "восстановить право, которое он должен защищать.",
            ),
        },
    ),
]

# --- templates ----------------------------------------------------------------------------------------------

CLOSING = {
    "en": (
        "Attachments:\n"
        "- a copy of the refusal {decision};\n"
        "- a copy of the application as registered;\n"
        "- [other documents]\n"
        "\n"
        "Date: ____________\n"
        "Signatures: {signatories}"
    ),
    "ru": (
        "Приложения:\n"
        "- копия отказа {decision};\n"
        "- копия зарегистрированного заявления;\n"
        "- [другие документы]\n"
        "\n"
        "Дата: ____________\n"
        "Подписи: {signatories}"
    ),
}

TEMPLATES = {
    ("higher_authority", "en"): (
        "To: the higher body, through {authority} (АППК Art. 91 p. 4)\n"
        "From: {organizations}\n"
        "# Complaint against the refusal of {authority} {decision}",
        "We ask the higher body:\n"
        "- to cancel the refusal of {authority} {decision};\n"
        "- to find that the assembly “{event_title}” may be held as filed, on {event_day} at {place}, or to oblige "
        "{authority} to approve it without delay;\n"
        "- to decide this complaint before {event_day}.",
    ),
    ("higher_authority", "ru"): (
        "В вышестоящий орган через: {authority} (п. 4 ст. 91 АППК РК)\n"
        "От: {organizations}\n"
        "# Жалоба на отказ в согласовании мирного собрания ({authority}, {decision})",
        "Просим вышестоящий орган:\n"
        "- отменить отказ ({authority}) {decision};\n"
        "- признать, что мирное собрание «{event_title}» может быть проведено, как заявлено, {event_day}, место: "
        "{place}, либо обязать {authority} согласовать его без промедления;\n"
        "- рассмотреть настоящую жалобу до {event_day}.",
    ),
    ("court", "en"): (
        "To: the administrative court [name the competent court]\n"
        "Claimants: {organizations}\n"
        "Defendant: {authority}\n"
        "# Claim contesting the refusal of {authority} {decision}",
        "We ask the court:\n"
        "- to declare unlawful and cancel the refusal of {authority} {decision};\n"
        "- to oblige {authority} to approve the assembly “{event_title}”;\n"
        "- to hear the claim before {event_day}.\n"
        "[Note: the pre-trial complaint is mandatory unless a law provides otherwise (АППК Art. 91 p. 5). Attach the "
        "decision on the complaint, or explain why there was none.]",
    ),
    ("court", "ru"): (
        "В административный суд [укажите компетентный суд]\n"
        "Истцы: {organizations}\n"
        "Ответчик: {authority}\n"
        "# Исковое заявление об оспаривании отказа в согласовании мирного собрания ({authority}, {decision})",
        "Просим суд:\n"
        "- признать незаконным и отменить отказ ({authority}) {decision};\n"
        "- обязать {authority} согласовать мирное собрание «{event_title}»;\n"
        "- рассмотреть иск до {event_day}.\n"
        "[Примечание: досудебное обжалование обязательно, если законом не предусмотрено иное (п. 5 ст. 91 АППК РК). "
        "Приложите решение по жалобе или объясните, почему его нет.]",
    ),
    ("prosecutor", "en"): (
        "To: the prosecutor's office [name the office for {jurisdiction}]\n"
        "From: {organizations}\n"
        "# Request to check the lawfulness of the refusal of {authority} {decision}",
        "We ask the prosecutor's office:\n"
        "- to check the lawfulness of the refusal of {authority} {decision};\n"
        "- to take the measures of prosecutorial supervision the law provides to restore the right of peaceful "
        "assembly, before {event_day};\n"
        "- to inform us of the result in writing.",
    ),
    ("prosecutor", "ru"): (
        "В органы прокуратуры [укажите прокуратуру: {jurisdiction}]\n"
        "От: {organizations}\n"
        "# Обращение о проверке законности отказа в согласовании мирного собрания ({authority}, {decision})",
        "Просим:\n"
        "- проверить законность отказа ({authority}) {decision};\n"
        "- принять предусмотренные законом меры прокурорского надзора для восстановления права на мирные собрания "
        "до {event_day};\n"
        "- сообщить нам о результатах в письменной форме.",
    ),
    ("ombudsman", "en"): (
        "To: the Commissioner for Human Rights in the Republic of Kazakhstan\n"
        "From: {organizations}\n"
        "# Complaint about the refusal of {authority} {decision}",
        "We ask the Commissioner:\n"
        "- to examine this complaint about a violation of the right of peaceful assembly;\n"
        "- to take the measures within the Commissioner's competence to restore it, before {event_day} if "
        "possible;\n"
        "- to inform us of the result.",
    ),
    ("ombudsman", "ru"): (
        "Уполномоченному по правам человека в Республике Казахстан\n"
        "От: {organizations}\n"
        "# Жалоба на отказ в согласовании мирного собрания ({authority}, {decision})",
        "Просим:\n"
        "- рассмотреть настоящую жалобу на нарушение права на мирные собрания;\n"
        "- принять меры в пределах компетенции Уполномоченного для его восстановления, по возможности до "
        "{event_day};\n"
        "- сообщить нам о результатах.",
    ),
    ("un_committee", "en"): (
        "To: the UN Human Rights Committee (Office of the High Commissioner for Human Rights, Geneva)\n"
        "Authors: {signatories}, on behalf of {organizations}\n"
        "State party: Republic of Kazakhstan\n"
        "# Individual communication under the Optional Protocol to the International Covenant on Civil and "
        "Political Rights",
        "The authors ask the Committee:\n"
        "- to find that the State party violated their rights under article 21 of the Covenant;\n"
        "- to request the State party to provide an effective remedy and to prevent similar violations.\n"
        "[Note: describe how domestic remedies were exhausted (the complaint, the court) and state that the matter "
        "is not being examined under another procedure of international investigation or settlement.]",
    ),
    ("un_committee", "ru"): (
        "Комитету ООН по правам человека (Управление Верховного комиссара ООН по правам человека, Женева)\n"
        "Авторы: {signatories}, от имени: {organizations}\n"
        "Государство-участник: Республика Казахстан\n"
        "# Индивидуальное сообщение в соответствии с Факультативным протоколом к Международному пакту о "
        "гражданских и политических правах",
        "Авторы просят Комитет:\n"
        "- признать, что государство-участник нарушило их права по статье 21 Пакта;\n"
        "- предложить государству-участнику предоставить эффективное средство правовой защиты и не допускать "
        "подобных нарушений впредь.\n"
        "[Примечание: опишите, как были исчерпаны внутренние средства правовой защиты (жалоба, суд), и укажите, "
        "что вопрос не рассматривается в рамках другой процедуры международного разбирательства или "
        "урегулирования.]",
    ),
}


def seed(apps, schema_editor):
    DraftTemplate = apps.get_model("appeals", "DraftTemplate")
    Argument = apps.get_model("appeals", "Argument")
    Citation = apps.get_model("appeals", "Citation")
    RefusalReason = apps.get_model("permits", "RefusalReason")
    for (venue, language), (heading, request) in TEMPLATES.items():
        DraftTemplate.objects.get_or_create(
            venue=venue,
            language=language,
            defaults={"heading": heading, "request": request, "closing": CLOSING[language]},
        )
    for position, (code, kind, reasons, venues, citations, texts) in enumerate(ARGUMENTS):
        for language, (title, text) in texts.items():
            argument, created = Argument.objects.get_or_create(
                code=code,
                language=language,
                defaults={"kind": kind, "title": title, "text": text, "venues": venues, "position": position},
            )
            if not created:
                continue
            argument.reasons.set(RefusalReason.objects.filter(code__in=reasons))
            for index, key in enumerate(citations):
                instrument, article, url = CITATIONS[key][language]
                Citation.objects.create(
                    argument=argument,
                    instrument=instrument,
                    article_or_paragraph=article,
                    url=url,
                    confirmed=True,  # LEGAL.md §4 marks each of these confirmed
                    position=index,
                )


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0001_initial"),
        ("permits", "0002_seed_kazakhstan"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
