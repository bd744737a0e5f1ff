#!/usr/bin/env python3
"""Runs one command and measures its whole process tree, for the benchmark.

    python3 measure.py --out RESULT.json [--sample-ms 100] -- COMMAND ARGS...

Why not /usr/bin/time: it reports getrusage(RUSAGE_CHILDREN) of the command, which counts a
grandchild (Ferry's engine process, forked by the CLI) only if the child waited for it. This
wrapper makes itself a child subreaper (prctl PR_SET_CHILD_SUBREAPER), so an orphaned
descendant is re-parented here and reaped here too; after the command exits it waits for every
remaining descendant. RUSAGE_CHILDREN then covers the whole tree:

- cpu_user_s / cpu_sys_s: user and system CPU seconds of every process in the tree.
- max_rss_kib: the largest peak RSS of any single process in the tree (the kernel keeps the
  maximum over reaped descendants, not a sum). For Ferry that is the engine or the CLI process,
  whichever peaked higher.
- tree_rss_peak_kib: the largest SUM of RSS over the tree's live processes, sampled every
  --sample-ms from /proc (so it can miss a short spike; informative, not exact).
- processes: per process, its largest sampled VmHWM (own peak RSS) and its CPU seconds as of
  the last sample (so up to one interval short), with its command line.
- wall_s: from spawn until the command itself exits; reap_s: until the last descendant exits.

The command's stdout and stderr are inherited. The exit code is the command's.
"""
import argparse
import ctypes
import json
import os
import resource
import subprocess
import sys
import threading
import time

PR_SET_CHILD_SUBREAPER = 36
PAGE_KIB = os.sysconf('SC_PAGE_SIZE') // 1024


def descendants(root):
    """Pids of every live descendant of root, from one pass over /proc."""
    children = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat', 'rb') as f:
                stat = f.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: fields start after the last ')'.
        fields = stat[stat.rfind(b')') + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    out, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def rss_kib(pid):
    try:
        with open(f'/proc/{pid}/statm', 'rb') as f:
            return int(f.read().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


def peak_kib(pid):
    """VmHWM: the process's own peak RSS so far (sampled late, it still sees an earlier spike)."""
    try:
        with open(f'/proc/{pid}/status', 'rb') as f:
            for line in f:
                if line.startswith(b'VmHWM:'):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


CLOCK_TICKS = os.sysconf('SC_CLK_TCK')


def cpu_s(pid):
    """utime + stime of the process itself (threads included), in seconds."""
    try:
        with open(f'/proc/{pid}/stat', 'rb') as f:
            stat = f.read()
        fields = stat[stat.rfind(b')') + 2:].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def command_line(pid):
    try:
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            argv = [a.decode(errors='replace') for a in f.read().split(b'\0') if a]
    except OSError:
        return '?'
    return ' '.join(os.path.basename(a) if i < 2 else a for i, a in enumerate(argv[:3]))[:120]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--out', required=True)
    parser.add_argument('--sample-ms', type=int, default=100)
    parser.add_argument('--reap-timeout', type=float, default=60.0)
    parser.add_argument('command', nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ['--'] else args.command
    if not command:
        parser.error('no command given')

    libc = ctypes.CDLL(None, use_errno=True)
    subreaper = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0

    me = os.getpid()
    peak = {'tree': 0, 'procs': 0}
    per_process = {}
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            pids = descendants(me)
            total = sum(rss_kib(p) for p in pids)
            for p in pids:
                hwm = peak_kib(p)
                seen = per_process.get(p)
                if seen is None:
                    seen = per_process[p] = {'pid': p, 'cmd': command_line(p), 'peak_kib': hwm, 'cpu_s': 0.0}
                seen['peak_kib'] = max(seen['peak_kib'], hwm)
                seen['cpu_s'] = max(seen['cpu_s'], cpu_s(p))
            peak['tree'] = max(peak['tree'], total)
            peak['procs'] = max(peak['procs'], len(pids))
            stop.wait(args.sample_ms / 1000)

    sampler = threading.Thread(target=sample, daemon=True)
    start = time.monotonic()
    child = subprocess.Popen(command)
    sampler.start()
    code = child.wait()
    wall = time.monotonic() - start

    # Reap what the command left behind (re-parented to us as the subreaper).
    lingering = []
    deadline = time.monotonic() + args.reap_timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            if time.monotonic() > deadline:
                # Ours to end: the command started them and they outlived it by far.
                lingering = descendants(me)
                for pid in lingering:
                    try:
                        os.kill(pid, 9)
                    except ProcessLookupError:
                        pass
                deadline = float('inf')
            time.sleep(0.01)
            continue
    reap = time.monotonic() - start
    stop.set()
    sampler.join()

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {
        'exit_code': code,
        'wall_s': wall,
        'reap_s': reap,
        'cpu_user_s': usage.ru_utime,
        'cpu_sys_s': usage.ru_stime,
        'max_rss_kib': usage.ru_maxrss,
        'tree_rss_peak_kib': peak['tree'],
        'max_processes': peak['procs'],
        # Largest first; a process that lived less than one sample interval is missing.
        'processes': sorted(per_process.values(), key=lambda p: -p['peak_kib'])[:8],
        'subreaper': subreaper,
        'lingering_pids': lingering,
    }
    with open(args.out, 'w') as f:
        json.dump(result, f)
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == '__main__':
    main()
