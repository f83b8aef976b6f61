"""Linux Landlock rulesets that confine a check's writes to its scratch folder and deny it TCP.

Built here, in Codey's process, and handed to the runner's supervisor (codey/sandbox/supervise.py) as an open file
descriptor; the command's process enforces it on itself just before exec. Reading and executing stay allowed
everywhere (the project's venv is used in place, read-only). Where the kernel has no Landlock, ruleset() returns
None and checks are confined by their environment only (codey/sandbox/__init__.py); abi() says which.
"""
from __future__ import annotations

import ctypes
import functools
import os
import sys

CREATE_RULESET, ADD_RULE = 444, 445  # the same numbers on every architecture
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1

WRITE_FILE, REMOVE_DIR, REMOVE_FILE = 1 << 1, 1 << 4, 1 << 5
MAKE = sum(1 << bit for bit in range(6, 13))  # char, dir, reg, sock, fifo, block, sym
REFER, TRUNCATE = 1 << 13, 1 << 14  # ABI 2, ABI 3
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1  # ABI 4
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1  # ABI 6

# Devices a test may write to: the null devices, and pseudo-terminals and POSIX semaphores (multiprocessing).
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/ptmx", "/dev/pts", "/dev/shm")


class RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


@functools.cache
def libc():
    lib = ctypes.CDLL(None, use_errno=True)
    lib.syscall.restype = ctypes.c_long
    return lib


@functools.cache
def abi() -> int:
    """The kernel's Landlock ABI version; 0 where there is none (not Linux, too old, or disabled at boot)."""
    if not sys.platform.startswith("linux"):
        return 0
    version = libc().syscall(CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    return max(int(version), 0)


def write_rights(version: int) -> int:
    return (WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE | (REFER if version >= 2 else 0)
            | (TRUNCATE if version >= 3 else 0))


def ruleset(writable: list[str]) -> int | None:
    """The fd of a ruleset allowing writes beneath writable (and to DEVICES) only and, from ABI 4, no TCP bind or
    connect; from ABI 6 also no signals or abstract sockets to processes outside. None without Landlock. The
    caller closes it."""
    version = abi()
    if not version:
        return None
    rights = write_rights(version)
    size = ctypes.sizeof(RulesetAttr) if version >= 6 else 16 if version >= 4 else 8
    attr = RulesetAttr(rights, NET_BIND_TCP | NET_CONNECT_TCP if version >= 4 else 0,
                       SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if version >= 6 else 0)
    fd = libc().syscall(CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if fd < 0:
        return None
    try:
        for path in [*writable, *DEVICES]:
            allow(fd, path, rights)
    except OSError:
        os.close(fd)
        raise
    return fd


def allow(fd: int, path: str, rights: int) -> None:
    """Allow rights beneath path (a file gets the rights that apply to files); a path that does not exist is
    skipped."""
    try:
        target = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    try:
        if not os.path.isdir(path):
            rights &= WRITE_FILE | TRUNCATE
        rule = PathBeneathAttr(rights, target)
        if libc().syscall(ADD_RULE, ctypes.c_int(fd), ctypes.c_int(RULE_PATH_BENEATH), ctypes.byref(rule),
                          ctypes.c_uint32(0)) < 0:
            err = ctypes.get_errno()
            raise OSError(err, f"landlock_add_rule {path}: {os.strerror(err)}")
    finally:
        os.close(target)
