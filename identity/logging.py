"""Keep national numbers out of logs, whatever a library or a careless line prints."""
import logging
import re

from pythonjsonlogger.json import JsonFormatter

# 11 digits, optionally written as YY.MM.DD-SSS.CC, not part of a longer number.
NRN_PATTERN = re.compile(r"(?<!\d)\d{2}[.]?\d{2}[.]?\d{2}[-]?\d{3}[.]?\d{2}(?!\d)")


class RedactNationalNumbers(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = NRN_PATTERN.sub("[rrn]", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


audit_logger = logging.getLogger("thuisloket.audit")


class RedactingFormatter(logging.Formatter):
    """The plain format, with national numbers redacted from the whole line, traceback included (the filter
    above rewrites only the message)."""

    def format(self, record: logging.LogRecord) -> str:
        return NRN_PATTERN.sub("[rrn]", super().format(record))


class RedactingJsonFormatter(JsonFormatter):
    """python-json-logger's formatter (``LOG_FORMAT=json``) that redacts national numbers from the whole line:
    the message, the traceback and any extra field."""

    def format(self, record: logging.LogRecord) -> str:
        return NRN_PATTERN.sub("[rrn]", super().format(record))
