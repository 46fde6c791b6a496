"""The city itself, shared by every app: its area, districts and streets, its working-hours calendar and
the handling of photos its residents send. It imports none of our apps (only ``common``)."""
