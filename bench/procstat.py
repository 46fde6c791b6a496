"""CPU time of running processes, read from Linux's /proc (the benches compare CPU, which load disturbs less)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def _processes() -> Iterator[tuple[int, list[str]]]:
    """(pid, the fields of /proc/PID/stat after the command name) of every running process."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        yield int(entry.name), fields


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of ``pid`` and its children that are still running (a prefork worker's pool)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for found, fields in _processes():
        if found == pid or int(fields[1]) == pid:  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def children(pid: int) -> list[int]:
    """The running child processes of ``pid`` (a prefork worker's pool)."""
    return [found for found, fields in _processes() if int(fields[1]) == pid]
