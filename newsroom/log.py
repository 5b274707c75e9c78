"""Filters for settings.LOGGING."""

import logging


class OneLineWarning(logging.Filter):
    """Logs a record as a one-line warning, without its traceback.

    For requests that are the sender's mistake, which Django logs as errors
    with a traceback: a Host header naming another site is what scanners send
    by the thousand, and the traceback says nothing the message does not.
    """

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True
