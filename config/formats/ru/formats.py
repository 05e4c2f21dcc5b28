"""Russian: Django's own formats, but for the day and month, which Django writes in the nominative
("26 Ноябрь"); inside a date the month is genitive ("26 ноября")."""

MONTH_DAY_FORMAT = "j E"
