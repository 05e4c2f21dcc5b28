"""Russian: Django's own formats, but
- dates without "г.": its period doubled the one ending a sentence ("истёк 28 февраля 2022 г..");
  drafts write their own dates with "г." (appeals.drafting);
- the day and month in the genitive ("26 ноября"; Django writes "26 Ноябрь")."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, G:i"
MONTH_DAY_FORMAT = "j E"
