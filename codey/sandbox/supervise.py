"""The supervisor each command Codey runs on Linux starts under: `python -I -S supervise.py SPEC COMMAND...`.

No child may outlive Codey, however Codey stops. A parent-death signal alone cannot promise that: the kernel
clears it at fork, so the `pytest` that `sh -c` starts, pytest's own workers, or an orphan that double-forks and
calls setsid would survive a SIGKILL of Codey. Landlock cannot end processes, and a PID namespace needs a user
namespace that distributions often disable. So one small process per command, standard library only:

- it asks for SIGTERM when Codey dies (PR_SET_PDEATHSIG, checking Codey did not die before it asked). The kernel
  sends it when the Codey thread that started it ends; shell.run blocks that thread until the command has ended;
- it is a child subreaper (PR_SET_CHILD_SUBREAPER): every orphan below it is re-parented to it, not to init, so
  the whole tree stays findable however its members fork, change process group or start sessions;
- its child dies with it (a PR_SET_PDEATHSIG of its own), sets the resource limits (and enforces the Landlock
  ruleset Codey built) on itself and then execs the command: the limits hold from the command's first instruction;
- when the command exits, when Codey asks (SIGTERM on a timeout or Ctrl-C), or when Codey dies, it kills every
  descendant with SIGKILL until none is left, then exits as the command did (the same code or signal).

SPEC is JSON: {"parent": Codey's pid, "limits": [[RLIMIT_NAME, soft, hard], ...], "ruleset": fd or null}.
"""
import ctypes
import json
import os
import resource
import signal
import sys
import time

PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 36, 38
LANDLOCK_RESTRICT_SELF = 446
LIBC = ctypes.CDLL(None, use_errno=True)
STOPS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def main(argv: list[str]) -> None:
    spec, command = json.loads(argv[1]), argv[2:]
    for sig in STOPS:
        signal.signal(sig, stop)
    LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    LIBC.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    if os.getppid() != spec["parent"]:  # Codey died before the parent-death signal was asked for
        stop(signal.SIGTERM, None)
    me = os.getpid()
    pid = os.fork()
    if pid == 0:
        start(command, spec, me)
    status = wait_for(pid)
    end_all()
    exit_like(status)


def start(command: list[str], spec: dict, supervisor: int) -> None:
    """In the child: dies with the supervisor, then limits, confinement and exec. Never returns."""
    try:
        for sig in (*STOPS, signal.SIGPIPE, signal.SIGXFSZ):  # Python ignores SIGPIPE and SIGXFSZ; exec keeps that
            signal.signal(sig, signal.SIG_DFL)
        LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != supervisor:
            os._exit(126)
        for name, soft, hard in spec["limits"]:
            limit(getattr(resource, name), soft, hard)
        if spec.get("ruleset") is not None:
            confine(spec["ruleset"])
        os.execvp(command[0], command)
    except FileNotFoundError:
        fail(127, f"{command[0]}: command not found")
    except OSError as e:
        fail(126, f"{command[0]}: {e.strerror or e}")
    except Exception as e:  # a limit the system refuses: never run the command without it
        fail(126, f"cannot start {command[0]}: {e}")


def limit(which: int, soft: int, hard: int) -> None:
    """Set a limit, never above the hard limit Codey itself runs under (only root may raise that)."""
    ceiling = resource.getrlimit(which)[1]
    if ceiling != resource.RLIM_INFINITY:
        hard = min(hard, ceiling)
    resource.setrlimit(which, (min(soft, hard), hard))


def confine(ruleset: int) -> None:
    """Enforce Codey's Landlock ruleset on this process and all it starts; a command is never run unconfined
    once confinement was asked for."""
    if LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or LIBC.syscall(LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
        fail(126, f"cannot confine the command: {os.strerror(ctypes.get_errno())}")
    os.close(ruleset)


def fail(code: int, message: str) -> None:
    os.write(2, (message + "\n").encode(errors="replace"))
    os._exit(code)


def wait_for(pid: int) -> int:
    """The command's wait status; orphans re-parented to this subreaper meanwhile are reaped as they end."""
    while True:
        done, status = os.waitpid(-1, 0)
        if done == pid:
            return status


def stop(signum, frame) -> None:
    end_all()
    os._exit(128 + signum)


def end_all() -> None:
    """SIGKILL every descendant until none is left: each round kills what the last round's victims forked."""
    while True:
        for pid in descendants(os.getpid()):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:  # no child left, so no descendant either: orphans come back to this subreaper
            return
        time.sleep(0.005)


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def exit_like(status: int) -> None:
    """Exit with the command's code, or die of the signal that ended it (without a core file)."""
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if sig != signal.SIGKILL:
            signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.WEXITSTATUS(status))


if __name__ == "__main__":
    main(sys.argv)
