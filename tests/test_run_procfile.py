"""`make run`'s process runner: every process ends when the runner ends, however it is stopped."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import wait_for

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "bin" / "run-procfile"


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (dead, not yet reaped by init) counts as gone.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


@pytest.fixture
def procfile(tmp_path):
    """Three long-running processes that write their pids, one of them via a shell."""
    pids = tmp_path / "pids"
    pids.mkdir()
    path = tmp_path / "Procfile"
    path.write_text(
        f"web: sh -c 'echo $$ > {pids}/web; exec sleep 600'\n"
        f"worker: sh -c 'echo $$ > {pids}/worker; exec sleep 600'\n"
        f"beat: sh -c 'echo $$ > {pids}/beat; exec sleep 600'\n"
    )
    return path, pids


def started(pids):
    files = sorted(pids.iterdir())
    if len(files) == 3 and all(f.read_text().strip() for f in files):
        return [int(f.read_text()) for f in files]
    return None


def assert_all_end(pids):
    wait_for(lambda: not any(alive(pid) for pid in pids), timeout=20, what="every process to end")


def start(command, **kwargs):
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, **kwargs)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_the_runner_stops_every_process(procfile, signum):
    path, pids = procfile
    runner = start([sys.executable, RUNNER, path])
    children = wait_for(lambda: started(pids), what="the processes to start")
    runner.send_signal(signum)
    assert runner.wait(timeout=20) == 0
    assert_all_end(children)


def test_a_signal_to_the_process_group_stops_every_process(procfile):
    path, pids = procfile
    runner = start([sys.executable, RUNNER, path], start_new_session=True)
    children = wait_for(lambda: started(pids), what="the processes to start")
    os.killpg(runner.pid, signal.SIGTERM)
    runner.wait(timeout=20)
    assert_all_end(children)


def test_a_killed_runner_takes_its_processes_with_it(procfile):
    path, pids = procfile
    runner = start([sys.executable, RUNNER, path])
    children = wait_for(lambda: started(pids), what="the processes to start")
    runner.kill()  # no chance to clean up: the kernel tells the children
    runner.wait(timeout=20)
    assert_all_end(children)


def test_stopping_make_stops_every_process(procfile, tmp_path):
    path, pids = procfile
    makefile = tmp_path / "Makefile"
    makefile.write_text(f"run:\n\texec {sys.executable} {RUNNER} {path}\n")
    make = start(["make", "-s", "-f", str(makefile), "run"])
    children = wait_for(lambda: started(pids), what="the processes to start")
    make.terminate()  # SIGTERM to make alone, not to its group
    make.wait(timeout=20)
    assert_all_end(children)


def test_when_one_process_exits_the_others_are_stopped(tmp_path):
    pids = tmp_path / "pids"
    pids.mkdir()
    path = tmp_path / "Procfile"
    path.write_text(
        f"web: sh -c 'echo $$ > {pids}/web; exec sleep 600'\n"
        f"oneshot: sh -c 'echo $$ > {pids}/oneshot; sleep 1'\n"
        f"beat: sh -c 'echo $$ > {pids}/beat; exec sleep 600'\n"
    )
    runner = start([sys.executable, RUNNER, path])
    children = wait_for(lambda: started(pids), what="the processes to start")
    assert runner.wait(timeout=30) == 0
    assert_all_end(children)
