"""Named points of a build where a fault-injection test may kill the command.

With ``ACADEMY_KILL_AT=<name>`` in the environment, the process that reaches the point named
so kills the ``academy`` command's main process with SIGKILL (itself, or its parent from a
worker, which then goes on as an orphan would). Without it, a checkpoint does nothing.
"""

from __future__ import annotations

import os
import signal
import time

ENVIRONMENT = "ACADEMY_KILL_AT"
MAIN = "ACADEMY_MAIN_PID"


def checkpoint(name: str) -> None:
    """A named phase boundary (see the module)."""
    wanted = os.environ.get(ENVIRONMENT)
    if wanted and wanted == name:
        main = int(os.environ.get(MAIN, os.getpid()))
        os.kill(main, signal.SIGKILL)
        # A worker goes on only once its parent is gone, as it would after a kill at this instant.
        deadline = time.monotonic() + 5
        while os.getppid() == main and time.monotonic() < deadline:
            time.sleep(0.001)


def mark_main() -> None:
    """Record this process as the command's main one, when checkpoints are armed."""
    if os.environ.get(ENVIRONMENT):
        os.environ[MAIN] = str(os.getpid())
