"""Russian and Kazakh citations of the seeded deadline rules (issue 8), so that a deadline names
the law it comes from in the reader's language (Deadline.source_citation), and the English column
filled from the original one for every rule (the text other languages fall back to, and the one
deadlines record in `rule_source`).

Only a rule whose law is still one of the two 0004 seeded is translated, article and paragraph
written the way each language cites them ("Art. 13", "p. 1" → "ст. 13", "п. 1" → "13-бап",
"1-тармақ"); a rule someone has since retyped is left alone. Official names: Закон РК «О порядке
организации и проведения мирных собраний в Республике Казахстан» / «Қазақстан Республикасында
бейбіт жиналыстарды ұйымдастыру және өткізу тәртібі туралы» Заң; АППК / Әкімшілік
рәсімдік-процестік кодекс (ӘРПК).

Re-runnable. The reverse does nothing: reversing 0010 drops the columns this fills.
"""

import re

from django.db import migrations

LAWS = {
    # English (as 0004 seeded it): (ru, kk)
    "Law No. 333-VI of 25 May 2020 on peaceful assemblies": (
        "Закон РК от 25 мая 2020 года № 333-VI «О порядке организации и проведения мирных собраний в Республике "
        "Казахстан»",
        "«Қазақстан Республикасында бейбіт жиналыстарды ұйымдастыру және өткізу тәртібі туралы» Қазақстан "
        "Республикасының 2020 жылғы 25 мамырдағы № 333-VI Заңы",
    ),
    "Administrative Procedural and Process-Related Code (АППК) No. 350-VI of 29 June 2020": (
        "Административный процедурно-процессуальный кодекс Республики Казахстан (АППК) от 29 июня 2020 года № 350-VI",
        "Қазақстан Республикасының Әкімшілік рәсімдік-процестік кодексі (ӘРПК), 2020 жылғы 29 маусымдағы № 350-VI",
    ),
}
ARTICLE = re.compile(r"^Art\. (\d+)$")
PARAGRAPH = re.compile(r"^p\. (\d+)$")


def cited(text, pattern, ru, kk):
    """("ст. 13", "13-бап") for "Art. 13"; None for a text in another form."""
    match = pattern.match(text or "")
    if not match:
        return None
    return ru.format(n=match.group(1)), kk.format(n=match.group(1))


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("permits", "DeadlineRule")
    for rule in DeadlineRule.objects.all():
        rule.law_en = rule.law_en or rule.law
        rule.article_en = rule.article_en or rule.article
        rule.paragraph_en = rule.paragraph_en or rule.paragraph
        fields = ["law_en", "article_en", "paragraph_en"]
        if rule.law in LAWS:
            rule.law_ru, rule.law_kk = LAWS[rule.law]
            fields += ["law_ru", "law_kk"]
            for name, pattern, ru, kk in (
                ("article", ARTICLE, "ст. {n}", "{n}-бап"),
                ("paragraph", PARAGRAPH, "п. {n}", "{n}-тармақ"),
            ):
                translated = cited(getattr(rule, name), pattern, ru, kk)
                if translated:
                    setattr(rule, f"{name}_ru", translated[0])
                    setattr(rule, f"{name}_kk", translated[1])
                    fields += [f"{name}_ru", f"{name}_kk"]
        rule.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("permits", "0010_translated_rule_citation")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
