"""Who hears about a case, and how: the recipient rules (``rules.py``), the texts (``messages.py``) and the
Celery tasks that send them after the commit (``tasks.py``)."""
