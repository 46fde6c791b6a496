"""Settings: ``base`` (production, everything from the environment; it imports the concern modules
``security``, ``oidc``, ``certificates``, ``desk``, ``channels`` and ``news``), ``dev`` (quick start), ``test``."""
