#!/usr/bin/python3
"""Kernel benchmark: sift-kernel against its peers, in one run, one harness.

For each kernel: time from process start to the first kernel_info_reply
(median of --starts runs), RSS right after that reply, execute_request →
iopub idle for `1+1` (median and p99 of --execs), and for a cell showing a
1,000-row frame (median of --frames). The client is the same for all: raw
zmq sockets signed by jupyter_client's Session, with a 1 ms reconnect
interval so a kernel that binds late is found at once rather than after
libzmq's default 100 ms back-off.

Usage: kernel_bench.py SIFT_KERNEL [--starts 10] [--execs 1000] [--frames 50]
Prints a Markdown table and the ratios to stdout.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import zmq
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from jupyter_client.session import Session

FRAME_CODE = {
    "sift": ("big = frame(a=range(1000), b=range(1000) * 0.5)", "show(big)"),
    "python": ("import pandas as pd\nbig = pd.DataFrame({'a': range(1000), "
               "'b': [i * 0.5 for i in range(1000)]})",
               "display(big)"),
    "R": ("big <- data.frame(a = 0:999, b = (0:999) * 0.5)", "IRdisplay::display(big)"),
}


class Kernel:
    """One kernel process and a minimal client speaking to it."""

    def __init__(self, argv, env=None):
        self.ctx = zmq.Context()
        fd, self.cf = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        self.key = str(uuid.uuid4()).encode()
        cfg = write_connection_file(self.cf, key=self.key)[1]
        self.session = Session(key=self.key)
        self.shell = self.sock(zmq.DEALER, cfg["shell_port"])
        self.control = self.sock(zmq.DEALER, cfg["control_port"])
        self.iopub = self.sock(zmq.SUB, cfg["iopub_port"])
        argv = [a.replace("{connection_file}", self.cf) for a in argv]
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, env=env, start_new_session=True)

    def sock(self, kind, port):
        s = self.ctx.socket(kind)
        s.setsockopt(zmq.RECONNECT_IVL, 1)
        s.setsockopt(zmq.LINGER, 0)
        if kind == zmq.SUB:
            s.setsockopt(zmq.SUBSCRIBE, b"")
        s.connect("tcp://127.0.0.1:%d" % port)
        return s

    def recv(self, sock, timeout):
        if not sock.poll(int(timeout * 1000)):
            raise TimeoutError("no message within %.0f s" % timeout)
        _, parts = self.session.feed_identities(sock.recv_multipart())
        return self.session.deserialize(parts, content=True)

    def first_kernel_info(self, timeout=60):
        """Seconds from process start to the first kernel_info_reply."""
        self.session.send(self.shell, "kernel_info_request", {})
        deadline = time.perf_counter() + timeout
        while True:
            if self.shell.poll(5):
                self.recv(self.shell, 1)
                return time.perf_counter() - self.t0
            if time.perf_counter() > deadline:
                raise TimeoutError("no kernel_info_reply")

    def execute(self, code, timeout=60):
        """Seconds from sending execute_request to its iopub idle."""
        t = time.perf_counter()
        msg = self.session.send(self.shell, "execute_request",
                                {"code": code, "silent": False, "store_history": True,
                                 "user_expressions": {}, "allow_stdin": False,
                                 "stop_on_error": True})
        mid = msg["header"]["msg_id"]
        while True:
            m = self.recv(self.iopub, timeout)
            if (m["msg_type"] == "status" and m["parent_header"].get("msg_id") == mid
                    and m["content"]["execution_state"] == "idle"):
                dt = time.perf_counter() - t
                break
        reply = self.recv(self.shell, timeout)
        if reply["content"]["status"] != "ok":
            raise RuntimeError("%r failed: %s" % (code, reply["content"]))
        return dt

    def settle(self):
        """Wait until iopub carries our messages (slow joiner)."""
        for _ in range(200):
            msg = self.session.send(self.shell, "kernel_info_request", {})
            end = time.perf_counter() + 0.1
            while time.perf_counter() < end:
                if self.iopub.poll(10):
                    self.recv(self.iopub, 1)
                    self.drain()
                    return
            self.drain()
        raise TimeoutError("iopub never delivered")

    def drain(self):
        for s in (self.shell, self.iopub):
            while s.poll(20):
                s.recv_multipart()

    def rss_mib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024

    def close(self):
        try:
            self.session.send(self.control, "shutdown_request", {"restart": False})
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        self.ctx.destroy(linger=0)
        os.unlink(self.cf)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def bench(name, argv, language, a):
    starts, rss = [], []
    for _ in range(a.starts):
        k = Kernel(argv)
        try:
            starts.append(k.first_kernel_info())
            time.sleep(0.2)
            rss.append(k.rss_mib())
        finally:
            k.close()
    k = Kernel(argv)
    try:
        k.first_kernel_info()
        k.settle()
        for _ in range(20):
            k.execute("1+1")
        rt = [k.execute("1+1") for _ in range(a.execs)]
        setup, show = FRAME_CODE[language]
        k.execute(setup)
        k.execute(show)
        fr = [k.execute(show) for _ in range(a.frames)]
    finally:
        k.close()
    return {"kernel": name, "start": statistics.median(starts), "rss": statistics.median(rss),
            "rt_med": statistics.median(rt), "rt_p99": pct(rt, 99),
            "frame": statistics.median(fr)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sift_kernel")
    ap.add_argument("--starts", type=int, default=10)
    ap.add_argument("--execs", type=int, default=1000)
    ap.add_argument("--frames", type=int, default=50)
    a = ap.parse_args()
    ksm = KernelSpecManager()
    kernels = [("sift", [os.path.abspath(a.sift_kernel), "-f", "{connection_file}"], "sift")]
    for spec, label in (("python3", "ipykernel"), ("xpython-raw", "xeus-python"), ("ir", "IRkernel")):
        try:
            s = ksm.get_kernel_spec(spec)
        except NoSuchKernel:
            print("(%s: kernelspec %s not installed, skipped)" % (label, spec), file=sys.stderr)
            continue
        kernels.append((label, s.argv, "R" if s.language == "R" else "python"))
    rows = []
    for name, argv, lang in kernels:
        print("benchmarking %s ..." % name, file=sys.stderr)
        try:
            rows.append(bench(name, argv, lang, a))
        except Exception as e:  # a broken peer must not hide the others
            print("  %s failed: %s" % (name, e), file=sys.stderr)
    ms = lambda s: "%.2f ms" % (s * 1000)
    print("| kernel | start → kernel_info_reply | RSS after start | `1+1` → idle (median) "
          "| `1+1` → idle (p99) | show 1,000-row frame → idle |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %s | %.1f MiB | %s | %s | %s |" % (r["kernel"], ms(r["start"]), r["rss"],
              ms(r["rt_med"]), ms(r["rt_p99"]), ms(r["frame"])))
    base = rows[0]
    print()
    for r in rows[1:]:
        print("- %s / sift: start %.1f×, `1+1` round trip %.1f× (median), %.1f× (p99), frame %.1f×"
              % (r["kernel"], r["start"] / base["start"], r["rt_med"] / base["rt_med"],
                 r["rt_p99"] / base["rt_p99"], r["frame"] / base["frame"]))
    print(json.dumps(rows), file=sys.stderr)


if __name__ == "__main__":
    main()
