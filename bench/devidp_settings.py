"""The development OpenID provider's settings for bench/load.py: its SQLite database waits for its lock.

Under a few hundred sign-ins a minute the provider's writes (sign-in choices, codes, tokens) meet; SQLite's
default 5 s wait and its deferred transactions answer "database is locked". As the portal does for its own
SQLite database (portal/settings/core.py): BEGIN IMMEDIATE and a longer wait.
"""
from devidp.settings import *  # noqa: F403

DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}  # noqa: F405
