"""The sixteen certificate types, one declaration each (see certificates/types.py)."""
