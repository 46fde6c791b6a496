"""CPU time of running processes, read from Linux's /proc (the benches compare CPU, which load disturbs less)."""
from __future__ import annotations

import os
from pathlib import Path


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of ``pid`` and its children that are still running (a prefork worker's pool)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(entry.name) == pid or int(fields[1]) == pid:  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def children(pid: int) -> list[int]:
    """The running child processes of ``pid`` (a prefork worker's pool)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found
