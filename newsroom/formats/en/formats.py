# One way of writing a moment across the admin and the messages it sends:
# "2 Dec 2026, 09:00 UTC" (Django's own English formats would mix in
# "2 p.m." and "24/07/2017"). newsroom.dates writes the same for Python code.
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
TIME_FORMAT = "H:i"
