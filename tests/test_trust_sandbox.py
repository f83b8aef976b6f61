"""Red-team tests of the sandbox: what a check of model-written code can see, write, reach and leave behind, asserted
in the process table and on disk."""
import contextvars
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
import pytest

from codey.search import candidates
from codey.sandbox import landlock
from codey.workspace import project as projects
from codey import sandbox
from codey.tools import shell

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
needs_landlock = pytest.mark.skipif(landlock.abi() < 1, reason="the kernel has no Landlock: writes are not confined")
needs_landlock_net = pytest.mark.skipif(landlock.abi() < 4, reason="Landlock before ABI 4 cannot deny TCP")


@pytest.fixture(autouse=True)
def scratch_root(tmp_path, monkeypatch):
    """Scratch copies under this test's own temporary folder."""
    base = tmp_path / "tmp"
    base.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(base))
    return base / f"codey-scratch-{os.getuid()}"


def until(condition, limit: float = 180) -> bool:
    """Poll condition until it holds (or a generous bound passes, so a broken build fails instead of hanging)."""
    end = time.monotonic() + limit
    while not condition() and time.monotonic() < end:
        time.sleep(0.1)
    return condition()


def gone(process: psutil.Process | int) -> bool:
    try:
        process = psutil.Process(process) if isinstance(process, int) else process
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def read_pids(path: Path) -> list[int]:
    assert until(lambda: path.exists() and path.read_text().endswith("\n"), 60)
    return [int(p) for p in path.read_text().split()]


def test_a_secret_variable_is_invisible_to_a_confined_check_unless_allowed(tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_API_KEY", "sk-not-a-real-key-123456")
    sees_it = [PY, "-c", "import os, sys; sys.exit(0 if 'FAKE_API_KEY' in os.environ else 7)"]
    (tmp_path / "ws").mkdir()
    with sandbox.scratch(tmp_path / "ws") as copy:
        with sandbox.confined(copy):
            assert shell.run(sees_it, str(copy), 30)["exit_code"] == 7
            assert shell.run(sees_it, str(copy), 30, env=dict(os.environ))["exit_code"] == 7  # a project's env too
        with sandbox.confined(copy, allow_env=["FAKE_API_KEY"]):
            assert shell.run(sees_it, str(copy), 30)["exit_code"] == 0
    assert shell.run(sees_it, str(tmp_path), 30)["exit_code"] == 0  # a command the user typed keeps its environment


@needs_landlock
def test_a_confined_check_writes_only_inside_its_scratch_folder(tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "keep.py").write_text("x = 1\n")
    tag = uuid.uuid4().hex
    outside = [Path.home() / f"codey-probe-{tag}", Path("/tmp") / f"codey-probe-{tag}", workspace / "keep.py",
               workspace / f"new-{tag}"]
    write = ("import os, sys\nfor path in sys.argv[1:] + [os.path.expanduser('~/home-file'),"
             " os.path.join(os.environ['TMPDIR'], 'tmp-file'), 'copy-file']:\n"
             "    try:\n        open(path, 'w').write('written by the check')\n    except OSError:\n        pass\n")
    try:
        with sandbox.scratch(workspace) as copy, sandbox.confined(copy):
            shell.run([PY, "-c", write, *map(str, outside)], str(copy), 30)
            folder = copy.parent.parent
            inside = [folder / "home" / "home-file", folder / "tmp" / "tmp-file", copy / "copy-file"]
            assert all(p.read_text() == "written by the check" for p in inside)  # it ran, and wrote where it may
        assert not any(p.exists() for p in outside[:2] + outside[3:])
        assert (workspace / "keep.py").read_text() == "x = 1\n"
    finally:
        for path in outside[:2]:
            path.unlink(missing_ok=True)


@needs_landlock
def test_a_candidate_that_writes_outside_its_copy_changes_nothing_there(tmp_path, settings):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "solution.py").write_text("def f():\n    return 1\n")
    target = workspace / "solution.py"
    code = f"open({str(target)!r}, 'w').write('owned')\nopen({str(workspace / 'planted.py')!r}, 'w').write('x')\n"
    project = projects.find(str(workspace))
    result = candidates.trial({"files": {"solution.py": code}, "logprob": 0.0}, ["solution.py"], str(workspace),
                              settings(), project)
    assert result["problems"]  # the write failed, so loading the module failed
    assert target.read_text() == "def f():\n    return 1\n"
    assert not (workspace / "planted.py").exists()
    assert not list(sandbox.root().iterdir())  # and its scratch copy is gone


@needs_landlock_net
def test_a_confined_check_cannot_connect_to_a_listening_local_socket(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.setblocking(False)
    port = server.getsockname()[1]
    connect = [PY, "-c", f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=5)"]
    try:
        (tmp_path / "ws").mkdir()
        with sandbox.scratch(tmp_path / "ws") as copy, sandbox.confined(copy):
            shell.run(connect, str(copy), 30)
        with pytest.raises(BlockingIOError):
            server.accept()
        shell.run(connect, str(tmp_path), 30)  # unconfined, the same command does connect
        conn, _ = server.accept()
        conn.close()
    finally:
        server.close()


def test_a_check_imports_the_copys_code_not_the_real_files_an_editable_install_points_at(tmp_path):
    workspace = tmp_path / "ws"
    (workspace / "src" / "pkg").mkdir(parents=True)
    (workspace / "src" / "pkg" / "__init__.py").write_text("VALUE = 1\n")
    venv = tmp_path / "venv"
    subprocess.run([PY, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "pkg.pth").write_text(f"{workspace / 'src'}\n")  # what `pip install -e .` of a src layout leaves
    probe = [str(venv / "bin" / "python"), "-c", "import pkg, sys; sys.exit(pkg.VALUE)"]
    assert shell.run(probe, str(workspace), 30)["exit_code"] == 1
    with sandbox.scratch(workspace) as copy, sandbox.confined(copy):
        (copy / "src" / "pkg" / "__init__.py").write_text("VALUE = 2\n")
        assert shell.run(probe, str(copy), 30)["exit_code"] == 2


def test_a_confined_check_has_a_home_of_its_own_yet_finds_packages_installed_in_the_users(tmp_path, monkeypatch):
    real_home = tmp_path / "home"
    (real_home / ".local").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(real_home))
    monkeypatch.delenv("PYTHONUSERBASE", raising=False)
    where = [PY, "-c", "import os, site; print(os.path.expanduser('~')); print(site.getuserbase())"]
    (tmp_path / "ws").mkdir()
    with sandbox.scratch(tmp_path / "ws") as copy, sandbox.confined(copy):
        home, userbase = shell.run(where, str(copy), 30)["output"].split()
        assert Path(home) == copy.parent.parent / "home"
    assert Path(userbase) == real_home / ".local"


def test_the_memory_cap_and_cpu_limit_are_in_force_at_the_first_instruction(tmp_path):
    (tmp_path / "ws").mkdir()
    with sandbox.scratch(tmp_path / "ws") as copy, sandbox.confined(copy), shell.memory_cap(300):
        limits = shell.run(["cat", "/proc/self/limits"], str(copy), 30)["output"]
    rows = {line[:26].strip(): line[26:].split()[:2] for line in limits.splitlines()[1:]}
    assert rows["Max data size"] == [str(300 * 2**20)] * 2
    assert rows["Max cpu time"][0] == str(30 + shell.CPU_MARGIN_S)
    assert rows["Max core file size"] == ["0", "0"]


def test_a_spinning_orphan_whose_supervisor_is_killed_dies_of_its_cpu_limit(tmp_path):
    """The last line of defence: even when the supervisor itself is killed (an OOM kill), an orphan that left the
    process group cannot spin on forever."""
    (tmp_path / "ws").mkdir()
    with sandbox.scratch(tmp_path / "ws") as copy, sandbox.confined(copy):
        pidfile = copy / "orphan.pid"
        orphan = (f"import os\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
                  f"        open({str(pidfile)!r}, 'w').write(f'{{os.getpid()}}\\n')\n        while True: pass\n"
                  f"    os._exit(0)\nimport time\ntime.sleep(300)\n")
        context = contextvars.copy_context()  # a thread starts with no confinement of its own
        runner = threading.Thread(target=context.run, args=(shell.run, [PY, "-c", orphan], str(copy), 8))
        runner.start()
        spinner = psutil.Process(read_pids(pidfile)[0])
        [supervisor] = [p for p in psutil.Process().children() if shell.SUPERVISOR in p.cmdline()]
        supervisor.kill()
        runner.join()
        try:
            assert spinner.is_running()  # nothing but its own limit is left to stop it
            assert until(lambda: gone(spinner))
        finally:
            spinner.kill()


def test_a_check_stopped_at_its_cpu_limit_counts_as_timed_out(tmp_path):
    spin = [PY, "-c", "import resource\nresource.setrlimit(resource.RLIMIT_CPU, (1, 2))\nwhile True: pass"]
    result = shell.run(spin, str(tmp_path), 300)
    assert result["timed_out"] and result["exit_code"] == -signal.SIGXCPU


DRIVER = """import sys
sys.path.insert(0, sys.argv[1])
from codey import sandbox
from codey.tools import shell
workspace, command = sys.argv[2], sys.argv[3]
if sys.argv[4] == "confined":
    with sandbox.scratch(workspace) as copy, sandbox.confined(copy):
        shell.run(command, str(copy), 600)
else:
    shell.run(command, workspace, 600)
"""


@pytest.mark.parametrize("how,mode", [(signal.SIGKILL, "confined"), (signal.SIGTERM, "confined"),
                                      (signal.SIGINT, "confined"), (signal.SIGKILL, "plain")])
def test_codey_stopped_while_a_check_hangs_leaves_no_process_behind(tmp_path, how, mode, scratch_root):
    (tmp_path / "ws").mkdir()
    (tmp_path / "driver.py").write_text(DRIVER)
    hang = (f"{PY} -c 'while True: pass' & sleep 300 & "
            f"{PY} -c 'import os; os.setsid(); exec(\"while True: pass\")' & wait")
    env = {**os.environ, "TMPDIR": str(scratch_root.parent)}
    driver = psutil.Popen([PY, str(tmp_path / "driver.py"), str(ROOT), str(tmp_path / "ws"), hang, mode], env=env)
    try:
        # supervisor, sh, two spinners and sleep
        assert until(lambda: len(driver.children(recursive=True)) >= 5, 60)
        below = driver.children(recursive=True)
        driver.send_signal(how)
        driver.wait(60)
    finally:
        if driver.poll() is None:
            driver.kill()
    assert until(lambda: all(gone(p) for p in below))
    sandbox.clean_stale()  # what the next start of Codey does
    assert not scratch_root.exists() or not list(scratch_root.iterdir())


def test_a_timeout_is_reported_and_kills_the_group(tmp_path):
    pids = tmp_path / "pids"
    result = shell.run(f"sleep 300 & echo $$ $! > {pids}; sleep 300", str(tmp_path), 1)
    assert result["timed_out"] and result["exit_code"] != 0
    assert all(gone(p) for p in read_pids(pids))


def test_background_children_do_not_survive_a_normal_exit(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    escape = f"import os, time; os.setsid(); open({str(second)!r}, 'w').write(f'{{os.getpid()}}\\n'); time.sleep(300)"
    result = shell.run(f"sleep 300 >/dev/null 2>&1 & echo $! > {first}; {PY} -c \"{escape}\" >/dev/null 2>&1 & "
                       f"while [ ! -s {second} ]; do sleep 0.05; done", str(tmp_path), 60)
    assert result["exit_code"] == 0 and not result["timed_out"]
    assert all(gone(p) for p in read_pids(first) + read_pids(second))


def test_a_scratch_copy_keeps_inside_symlinks_and_drops_those_leading_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the check")
    workspace = tmp_path / "ws"
    (workspace / "pkg").mkdir(parents=True)
    (workspace / "pkg" / "data.txt").write_text("data")
    (workspace / ".venv" / "bin").mkdir(parents=True)
    (workspace / ".git").mkdir()
    (workspace / "pkg" / "same.txt").symlink_to("data.txt")
    (workspace / "alias").symlink_to(workspace / "pkg")  # absolute, but inside
    (workspace / "up.txt").symlink_to("../outside/secret.txt")
    (workspace / "out").symlink_to(outside)
    (workspace / "pkg" / "abs.txt").symlink_to(outside / "secret.txt")
    with sandbox.scratch(workspace) as copy:
        assert (copy / "pkg" / "same.txt").read_text() == "data"
        assert (copy / "alias").resolve() == (copy / "pkg").resolve()
        assert not os.path.isabs(os.readlink(copy / "alias"))
        for name in ("up.txt", "out", "pkg/abs.txt", ".venv", ".git"):
            assert not os.path.lexists(copy / name)
        folder = copy.parent.parent
        assert folder.parent == sandbox.root()
    assert not folder.exists()


def test_the_startup_cleanup_removes_only_the_scratch_folders_of_dead_owners(tmp_path):
    ended = psutil.Popen([PY, "-c", "pass"])
    dead = f"{ended.pid}.{int(ended.create_time())}-abc"
    ended.wait()
    reused = f"{os.getpid()}.{int(psutil.Process().create_time()) - 1000}-def"  # our pid, another process's start
    root = sandbox.root()
    for name in (dead, reused, "not-codeys"):
        (root / name / "copy").mkdir(parents=True)
    (tmp_path / "ws").mkdir()
    with sandbox.scratch(tmp_path / "ws") as copy:
        sandbox.clean_stale()
        assert copy.exists()
    assert sorted(p.name for p in root.iterdir()) == ["not-codeys"]
