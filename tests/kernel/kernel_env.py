"""Shared set-up for the kernel tests: a private kernelspec directory.

Importing this module creates a temporary JUPYTER_PATH entry holding two
kernelspecs for the binary in $SIFT_KERNEL (default build/sift-kernel):
`sift-test` (interrupt_mode message) and `sift-test-signal` (signal).
Under the sanitizer build (SIFT_ASAN=1) the kernel's ASan/UBSan reports go
to files that check_sanitizer_logs() turns into test failures.
"""
import atexit
import glob
import json
import os
import shutil
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL = os.environ.get("SIFT_KERNEL") or os.path.join(HERE, "..", "..", "build", "sift-kernel")
KERNEL = os.path.abspath(KERNEL)
ASAN = os.environ.get("SIFT_ASAN") == "1"

SPEC_DIR = tempfile.mkdtemp(prefix="sift-kernelspec-")
LOG_DIR = os.path.join(SPEC_DIR, "logs")
os.makedirs(LOG_DIR)
for name, mode in (("sift-test", "message"), ("sift-test-signal", "signal")):
    d = os.path.join(SPEC_DIR, "kernels", name)
    os.makedirs(d)
    with open(os.path.join(d, "kernel.json"), "w") as f:
        json.dump({"argv": [KERNEL, "-f", "{connection_file}"], "display_name": "sift (test)",
                   "language": "sift", "interrupt_mode": mode}, f)
os.environ["JUPYTER_PATH"] = SPEC_DIR + os.pathsep + os.environ.get("JUPYTER_PATH", "")
if ASAN:
    os.environ["ASAN_OPTIONS"] = "log_path=%s/asan:detect_leaks=1" % LOG_DIR
    os.environ["UBSAN_OPTIONS"] = "log_path=%s/ubsan:print_stacktrace=1" % LOG_DIR
    # fontconfig (used by plots) keeps its caches until exit on purpose.
    os.environ["LSAN_OPTIONS"] = "suppressions=" + os.path.join(HERE, "..", "lsan.supp")
atexit.register(shutil.rmtree, SPEC_DIR, True)

# Generous under the sanitizers, which slow everything down.
SLOW = 10 if ASAN else 1


def check_sanitizer_logs():
    """Raise AssertionError with the first report if the kernel wrote one."""
    reports = []
    for p in sorted(glob.glob(os.path.join(LOG_DIR, "*san*"))):
        with open(p, errors="replace") as f:
            text = f.read()
        os.remove(p)
        # A log holding only "Suppressions used:" (LSan's note on the
        # fontconfig suppression) is not a report.
        if "ERROR:" in text or "runtime error:" in text:
            reports.append(text)
    if reports:
        raise AssertionError("sanitizer report from sift-kernel:\n" + reports[0][:4000])


def start(kernel_name="sift-test"):
    """A started kernel and a ready blocking client."""
    from jupyter_client.manager import start_new_kernel
    return start_new_kernel(kernel_name=kernel_name, startup_timeout=60)


def run(kc, code, timeout=15, **kw):
    """Execute code; return (reply, [iopub messages for it up to idle])."""
    msg_id = kc.execute(code, **kw)
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id, reply
    return reply, collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=15):
    """iopub messages parented to msg_id, up to and including its idle."""
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        out.append(m)
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return out
