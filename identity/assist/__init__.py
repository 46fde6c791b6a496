"""Digital inclusion: volunteers, assisted sessions and public computers (see identity/models_assist.py)."""
