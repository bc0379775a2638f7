#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal as a person at a terminal would (stdlib only): waits until PROMPT shows, types
TEXT and Enter, and prints everything the terminal showed — so a test can tell whether what was typed was echoed. Exits
with the command's status; 124 when the prompt never showed within --seconds (the command is killed).

    type_at_prompt.py --prompt 'password' --text 's3cret' -- /path/to/vdxp account login …
"""
import argparse
import os
import pty
import select
import signal
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--prompt", required=True)
    parser.add_argument("--text", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command

    pid, terminal = pty.fork()
    if pid == 0:
        os.execv(command[0], command)

    shown = b""
    typed = False
    deadline = time.monotonic() + arguments.seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the command ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if not typed and arguments.prompt.encode() in shown:
            os.write(terminal, arguments.text.encode() + b"\r")
            typed = True
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        sys.stdout.write(shown.decode(errors="replace"))
        sys.exit(124)

    _, status = os.waitpid(pid, 0)
    sys.stdout.write(shown.decode(errors="replace"))
    sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)


if __name__ == "__main__":
    main()
