"""The sixteen certificate types, one declaration each (see certificates/types.py).

Importing this package registers every type (CertificatesConfig.ready imports it):
1-10 population register, 11-14 civil-status acts, 15-16 criminal record.
"""
from . import acts, criminal_record, register  # noqa: F401

__all__ = ["acts", "criminal_record", "register"]
