"""How the desk's reports show figures: numbers, durations and percentages in the reader's language, and
accessible bar charts (a table is always beside them)."""
from __future__ import annotations

from django.utils.translation import gettext as _

# Charts are server-rendered SVG.
CHART_WIDTH = 640
VALUE_SPACE = 190  # room right of the longest bar for "ontvangen: 1234"
BAR_HEIGHT = 16
BAR_GAP = 4
LABEL_HEIGHT = 20
ROW_GAP = 10
LEGEND_HEIGHT = 28



def hours(seconds: float | None) -> float | None:
    return None if seconds is None else seconds / 3600


def format_number(value: float | None, decimals: int = 1) -> str:
    """1234.5 -> "1234,5" (decimal comma, as in Belgium); None -> "" (no data)."""
    if value is None:
        return ""
    return f"{value:.{decimals}f}".replace(".", ",")


def format_duration(seconds: float | None) -> str:
    """Wall-clock time: hours below two days, days above ("5,5 u", "3,2 d")."""
    if seconds is None:
        return "—"
    if seconds < 48 * 3600:
        return _("%(hours)s u") % {"hours": format_number(seconds / 3600)}
    return _("%(days)s d") % {"days": format_number(seconds / 86400)}


def format_working(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return _("%(hours)s werkuren") % {"hours": format_number(seconds / 3600)}


def format_percentage(value: float | None) -> str:
    return "—" if value is None else f"{format_number(value, 0)} %"


def bar_chart(chart_id: str, title: str, series: list[tuple[str, str]], rows: list[tuple[str, list]],
              *, maximum: float | None = None, unit: str = "") -> dict:
    """Geometry of a horizontal bar chart: per row a label line, then one bar per series.

    ``series``: (name, css modifier); ``rows``: (label, [value per series, None = no data]).
    Every bar has its value and series name as text, so colour is never the only cue.
    """
    values = [value for _label, row in rows for value in row if value is not None]
    top = maximum if maximum is not None else max(values, default=0)
    scale = (CHART_WIDTH - VALUE_SPACE) / top if top else 0
    y = LEGEND_HEIGHT
    drawn = []
    for label, row in rows:
        bars = []
        bar_y = y + LABEL_HEIGHT
        for (name, modifier), value in zip(series, row, strict=True):
            width = round((value or 0) * scale, 1)
            shown = _("geen gegevens") if value is None else f"{format_number(value, 0)}{unit}"
            bars.append({"y": bar_y, "width": width, "modifier": modifier, "text_x": round(width + 6, 1),
                         "text_y": bar_y + BAR_HEIGHT - 3, "text": f"{name}: {shown}"})
            bar_y += BAR_HEIGHT + BAR_GAP
        drawn.append({"label": label, "label_y": y + LABEL_HEIGHT - 6, "bars": bars})
        y = bar_y + ROW_GAP
    legend = []
    x = 0
    for name, modifier in series:
        legend.append({"x": x, "text_x": x + 18, "name": name, "modifier": modifier})
        x += 18 + 9 * len(name) + 24
    return {"id": chart_id, "title": title, "rows": drawn, "legend": legend, "width": CHART_WIDTH,
            "height": y, "bar_height": BAR_HEIGHT}
