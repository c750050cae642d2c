#!/usr/bin/env python3
"""Top frames of a dotnet-trace speedscope file (dotnet-sampled-thread-time), managed CPU only.

That profile samples every thread, blocked or not, and ends each stack with a pseudo frame: CPU_TIME (the thread was
running managed code) or UNMANAGED_CODE_TIME (in native code: a syscall, a wait, or native work). Only CPU_TIME
intervals are counted here, which estimates where the managed CPU goes; "exclusive" is the method under the pseudo
frame. Native time is summarised by its calling method at the end.
Usage: speedscope-top.py FILE.speedscope.json [N] [substring-filter]
"""
import collections
import json
import sys

WAITS = ("LowLevelLifoSemaphore", "WaitHandle.Wait", "ManualResetEventSlim.Wait", "Monitor.Wait", "Thread.Sleep",
         "SocketAsyncEngine.EventLoop", "Interop+Sys.WaitForSocketEvents", "WaitForSignal", "TimerQueue",
         "SemaphoreSlim.Wait", "Thread.Join", "WaitSubsystem", "LowLevelMonitor", "Task.SpinThenBlockingWait",
         "Console", "Interop+Sys.Read", "PortableThreadPool+GateThread")


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    needle = sys.argv[3] if len(sys.argv) > 3 else None
    data = json.load(open(path))
    frames = [f["name"] for f in data["shared"]["frames"]]
    inclusive = collections.Counter()
    exclusive = collections.Counter()
    native = collections.Counter()
    total = waiting = 0.0
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            at = event["at"]
            if last is not None and stack:
                span = at - last
                leaf = frames[stack[-1]]
                caller = frames[stack[-2]] if len(stack) > 1 else leaf
                if leaf == "CPU_TIME" and not any(w in caller for w in WAITS):
                    total += span
                    exclusive[caller] += span
                    for name in {frames[f] for f in stack[:-1]}:
                        inclusive[name] += span
                else:
                    waiting += span
                    if leaf == "UNMANAGED_CODE_TIME" and not any(w in caller for w in WAITS):
                        native[caller] += span
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    print(f"managed CPU {total / 1000:.1f} s, other (native or waiting) {waiting / 1000:.1f} s (thread seconds)")
    for title, counter in (("inclusive", inclusive), ("exclusive", exclusive), ("native time by caller (not waits)", native)):
        print(f"\n## top {top} {title} (share of running thread time)")
        shown = 0
        for name, span in counter.most_common():
            if needle and needle not in name:
                continue
            print(f"{span / total * 100:6.2f}%  {name[:150]}")
            shown += 1
            if shown >= top:
                break


if __name__ == "__main__":
    main()
