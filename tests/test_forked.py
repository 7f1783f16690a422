"""A worker whose parent is killed while it hands back its result leaves without a word.

The race the fault tests hit at random is made certain here: the worker waits until its parent
is gone, then returns, so the pool's send meets a broken pipe every time. The command's output
(the killed parent's stderr, shared with its workers) must stay empty, and the worker must end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

PARENT = textwrap.dedent(
    """
    import os, sys, time
    from functools import partial
    from pathlib import Path
    from academy.speed.forked import FORK, watch_parent

    ready = Path(sys.argv[1])

    def orphaned_then_returns(_):
        parent = os.getppid()
        ready.write_text(str(os.getpid()))
        while os.getppid() == parent:
            time.sleep(0.005)
        return ["result"] * 1000

    # the parent watch is slow here so that the send, not the watch, meets the dead parent
    with FORK.Pool(1, initializer=partial(watch_parent, 3600)) as pool:
        pool.apply_async(orphaned_then_returns, (None,)).get()
    """
)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return True
    return state == "Z"


def test_an_orphaned_worker_sending_its_result_prints_nothing(tmp_path):
    ready = tmp_path / "worker.pid"
    stderr = tmp_path / "stderr"
    with stderr.open("w") as errors:
        parent = subprocess.Popen([sys.executable, "-c", PARENT, str(ready)], stderr=errors, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not (ready.exists() and ready.read_text()) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert ready.exists(), "the worker never started"
        worker = int(ready.read_text())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while not _gone(worker) and time.monotonic() < deadline:
            time.sleep(0.02)
    assert _gone(worker), "the orphaned worker is still running"
    assert stderr.read_text() == ""
