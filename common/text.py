"""Text as residents type it: stored as typed and escaped wherever it is shown."""


def without_control_characters(value: str | None) -> str:
    """``value`` without control characters (tabs and new lines stay), stripped."""
    return "".join(ch for ch in (value or "") if ch in "\n\t" or ch >= " ").strip()
