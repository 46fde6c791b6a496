"""Keep national numbers out of logs, whatever a library or a careless line prints."""
import logging
import re

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
