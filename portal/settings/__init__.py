"""Settings: ``base`` (production, everything from the environment), ``dev`` (quick start), ``test``."""
