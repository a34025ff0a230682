"""English formats for the admin and the public site (issue 12).

Wagtail's date pickers write dates as ``WAGTAIL_DATE_FORMAT`` (day/month/year, as Colombia
writes them) in every admin language; Django's English input formats read ``01/02/2023`` as
January 2. The day-first formats come first here, so that an editor whose admin is in English
saves what the picker showed. ISO dates are still read.
"""

from django.conf.locale.en import formats as django_english

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", *django_english.DATE_INPUT_FORMATS]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    *django_english.DATETIME_INPUT_FORMATS,
]
