"""Allowed moves as data: one small helper for every state machine (certificate requests, desk cases,
conversations, news posts).

The table is what people read to know where a thing may go next; the services check it before every move
and write the move with its history row in one transaction. The database state is the only truth.

Two ways to write a table:

* by state — ``StateMachine({"received": {"issuing", "awaiting_approval"}, ...})``: from each state, the
  states it may move to;
* by action — ``StateMachine.by_action({"submitted": ({"draft"}, "in_review"), ...})``: each named action,
  the states it may start from and the state it leads to (news posts: the action is what the calendar
  records).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType


class StateMachine:
    def __init__(self, moves: Mapping[str, Iterable[str]],
                 actions: Mapping[str, tuple[frozenset[str], str]] | None = None):
        self.moves = MappingProxyType({str(state): frozenset(map(str, targets)) for state, targets in moves.items()})
        self.actions = MappingProxyType(dict(actions or {}))

    @classmethod
    def by_action(cls, actions: Mapping[str, tuple[Iterable[str], str]]) -> StateMachine:
        normalised = {str(name): (frozenset(map(str, sources)), str(target))
                      for name, (sources, target) in actions.items()}
        moves: dict[str, set[str]] = {}
        for sources, target in normalised.values():
            for source in sources:
                moves.setdefault(source, set()).add(target)
        return cls(moves, normalised)

    def can_move(self, current: str, target: str) -> bool:
        """May something in ``current`` move to ``target``?"""
        return str(target) in self.moves.get(str(current), frozenset())

    def targets(self, current: str) -> frozenset[str]:
        """Every state ``current`` may move to (for the choices a form offers)."""
        return self.moves.get(str(current), frozenset())

    def can_do(self, action: str, current: str) -> bool:
        """May ``action`` be taken in ``current``? (tables written by action)"""
        found = self.actions.get(str(action))
        return found is not None and str(current) in found[0]

    def target_of(self, action: str) -> str:
        """The state ``action`` leads to (tables written by action)."""
        return self.actions[str(action)][1]
