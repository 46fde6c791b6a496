"""A local mock push service for the Web Push tests and bench/crisis.py (see server.py)."""
from .server import MockPushService, MockPushState, derived_keys, derived_subscription, free_port

__all__ = ["MockPushService", "MockPushState", "derived_keys", "derived_subscription", "free_port"]
