"""Screenshots of every user group's main pages, taken by the accessibility walk (test_route_walk.py).

Each main page is photographed at 1280 and at 390 CSS px wide (a laptop and a phone) into
results/screenshots/ (git-ignored), as the page first shows: menus and other <details> still closed. At 390 px
axe-core runs once more on that state, so the phone menu is scanned closed as well as open (the walk opens every
<details> for its own scan). Look at them after a run: they are how the issue's "looked at" is done.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import routes

RESULTS = Path(__file__).resolve().parents[2] / "results" / "screenshots"
WIDTHS = (1280, 390)


@dataclass(frozen=True)
class Shot:
    name: str  # the file name, without width and extension
    role: str
    routes: tuple[str, ...] = ()  # the routes the page may have landed on (empty: any)
    label: str = ""  # the walk's label for the visit or flow step ("" : any)


MAIN_PAGES = (
    Shot("resident-home", routes.RESIDENT, ("portal:home",), "signed in"),
    Shot("resident-dashboard", routes.RESIDENT, ("portal:dashboard",)),
    Shot("resident-catalogue", routes.RESIDENT, ("certificates:catalogue",)),
    Shot("resident-wizard-step", routes.RESIDENT, label="wizard, first step"),
    Shot("resident-my-data", routes.RESIDENT, ("identity:my_data",)),
    Shot("resident-consultations", routes.RESIDENT, ("identity:my_consultations",)),
    Shot("resident-requests", routes.RESIDENT, ("certificates:my_requests",)),
    Shot("resident-request-ready", routes.RESIDENT, ("certificates:detail",), "ready"),
    Shot("resident-mailbox", routes.RESIDENT, ("mailbox:inbox",)),
    Shot("resident-my-cases", routes.RESIDENT, ("desk:my_cases",)),
    Shot("public-verification", routes.ANONYMOUS, ("verify:start",)),
    Shot("public-home", routes.ANONYMOUS, ("portal:home",)),
    Shot("public-news", routes.ANONYMOUS, ("news:index",)),
    Shot("clerk-approval-queue", routes.CIVIL_AFFAIRS, ("certificate_staff:queue",)),
    Shot("clerk-request-detail", routes.CIVIL_AFFAIRS, ("certificate_staff:detail",)),
    Shot("desk-agent-inbox", routes.DESK_AGENT, ("desk_staff:inbox",)),
    Shot("desk-agent-case", routes.DESK_AGENT, ("desk_staff:case",), "report with photo"),
    # Where a volunteer lands after signing in: the back office's start page, or their tool when it sends them on.
    Shot("volunteer-start", routes.VOLUNTEER, ("staff:home", "assist:dashboard")),
    Shot("volunteer-tool", routes.VOLUNTEER, ("assist:dashboard",)),
    Shot("volunteer-assisted-session", routes.RESIDENT, label="assisted, on a public computer"),
)


class Photographer:
    """Takes each main page once per run (the first visit that matches), at every width."""

    def __init__(self, axe_violations):
        self.axe_violations = axe_violations
        self.taken: list[str] = []
        RESULTS.mkdir(parents=True, exist_ok=True)

    def wanted(self, role: str, route: str, label: str) -> Shot | None:
        for shot in MAIN_PAGES:
            if shot.name in self.taken or shot.role != role:
                continue
            if (not shot.routes or route in shot.routes) and (not shot.label or shot.label == label):
                return shot
        return None

    def capture(self, page, role: str, route: str, label: str, restore: dict) -> list[str]:
        """Photograph the page if it is a main page; the problems axe finds at phone width."""
        shot = self.wanted(role, route, label)
        if shot is None:
            return []
        problems = []
        try:
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.screenshot(path=str(RESULTS / f"{shot.name}-{width}.png"), full_page=True)
                if width != restore["width"]:
                    problems += [f"axe at {width} px {v['id']} ({v['impact']}): {v['help']} -> {v['targets']}"
                                 for v in self.axe_violations(page)]
        finally:
            page.set_viewport_size(restore)
        self.taken.append(shot.name)
        return problems

    def missing(self) -> list[str]:
        return [shot.name for shot in MAIN_PAGES if shot.name not in self.taken]
