"""Dutch as written in Flanders: Django's "nl" is the Netherlands' (short dates as 23-11-2026); we write 23/11/2026."""

SHORT_DATE_FORMAT = "d/m/Y"  # 23/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 23/11/2026 14:30
