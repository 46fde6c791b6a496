"""Stand-ins for the seal check's child program (``pdf_sandbox.CHECK_MODULE``), to test its limits.

``python -m tests.certificates.sandbox_children MODE CPU_SECONDS MEMORY_MB`` with the framed input:
``spin`` computes until its CPU limit stops it, ``sleep`` waits without computing, ``slow`` waits a moment
and then runs the real check.
"""
import sys
import time

from certificates import seal_check


def main() -> None:
    mode, cpu_seconds, memory_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seal_check.limit_resources(cpu_seconds, memory_mb)
    if mode == "spin":
        while True:
            pass
    if mode == "sleep":
        time.sleep(60)
    time.sleep(1.5)
    sys.argv = [sys.argv[0], str(cpu_seconds), str(memory_mb)]
    seal_check.main()


if __name__ == "__main__":
    main()
