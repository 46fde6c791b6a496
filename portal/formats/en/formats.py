"""English for residents of a Belgian city: day before month and a 24-hour clock, never the US "Nov. 23, 2026".

Numbers keep the English decimal point; what a resident types as a date is read day first (03/04/2026 is
3 April), with ISO dates (2026-04-03, from <input type="date">) added by Django itself.
"""

DATE_FORMAT = "j F Y"  # 23 November 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j F Y H:i"  # 23 November 2026 14:30
YEAR_MONTH_FORMAT = "F Y"  # November 2026
MONTH_DAY_FORMAT = "j F"  # 23 November
SHORT_DATE_FORMAT = "d/m/Y"  # 23/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 23/11/2026 14:30
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '23/11/2026'
    "%d/%m/%y",  # '23/11/26'
    "%d-%m-%Y",  # '23-11-2026'
    "%d %B %Y",  # '23 November 2026'
    "%d %b %Y",  # '23 Nov 2026'
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",  # '23/11/2026 14:30:59'
    "%d/%m/%Y %H:%M:%S.%f",  # '23/11/2026 14:30:59.000200'
    "%d/%m/%Y %H:%M",  # '23/11/2026 14:30'
    "%d/%m/%y %H:%M",  # '23/11/26 14:30'
]
