"""sift-kernel's own protocol tests: what jupyter_kernel_test leaves out.

stdin, interrupts in both modes, shutdown and restart, stop_on_error,
signatures and malformed messages, code-point cursors, execution counts,
comms, user_expressions, display ids, iopub_welcome and memory.
"""
import base64
import os
import queue
import time
import unittest
import uuid

import zmq
from jupyter_client.session import Session

import kernel_env
from kernel_env import SLOW, collect, run


def outputs(msgs, kind=None):
    skip = ("status", "execute_input")
    return [m for m in msgs if m["msg_type"] not in skip and (kind is None or m["msg_type"] == kind)]


def stream_text(msgs, name="stdout"):
    return "".join(m["content"]["text"] for m in outputs(msgs, "stream") if m["content"]["name"] == name)


class KernelCase(unittest.TestCase):
    kernel_name = "sift-test"

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = kernel_env.start(cls.kernel_name)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)
        kernel_env.check_sanitizer_logs()

    def setUp(self):
        self.drain()

    def drain(self):
        kc = self.kc
        for get in (kc.get_shell_msg, kc.get_iopub_msg, kc.get_stdin_msg, kc.get_control_msg):
            while True:
                try:
                    get(timeout=0.05)
                except queue.Empty:
                    break

    def assert_alive(self):
        reply, msgs = run(self.kc, "1+1")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(outputs(msgs, "execute_result")[0]["content"]["data"]["text/plain"], "2")


class TestSiftProtocol(KernelCase):
    def test_sift_stdin_round_trip(self):
        msg_id = self.kc.execute('print(input("name? "))', allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=10)
        self.assertEqual(req["msg_type"], "input_request")
        self.assertEqual(req["content"]["prompt"], "name? ")
        self.assertEqual(req["parent_header"]["msg_id"], msg_id)
        self.kc.input("Ada Lovelace ✓")
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("Ada Lovelace ✓", stream_text(collect(self.kc, msg_id)))

    def test_sift_no_stdin_is_an_error(self):
        t0 = time.monotonic()
        reply, msgs = run(self.kc, 'print(input("name? "))', allow_stdin=False)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertLess(time.monotonic() - t0, 5 * SLOW)
        self.assertEqual(len(outputs(msgs, "error")), 1)
        self.assert_alive()

    def test_sift_interrupt_message_mode(self):
        run(self.kc, "kept = 41")
        msg_id = self.kc.execute("while true {}")
        time.sleep(0.3)
        t0 = time.monotonic()
        self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        reply = self.kc.get_shell_msg(timeout=10)
        elapsed = time.monotonic() - t0
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(elapsed, 0.1 * SLOW)
        self.assertEqual(self.kc.get_control_msg(timeout=5)["msg_type"], "interrupt_reply")
        collect(self.kc, msg_id)
        reply, msgs = run(self.kc, "kept + 1")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual(outputs(msgs, "execute_result")[0]["content"]["data"]["text/plain"], "42")

    def test_sift_interrupt_input_message_mode(self):
        msg_id = self.kc.execute('print(input("wait: "))', allow_stdin=True)
        self.assertEqual(self.kc.get_stdin_msg(timeout=10)["msg_type"], "input_request")
        self.kc.control_channel.send(self.kc.session.msg("interrupt_request", {}))
        reply = self.kc.get_shell_msg(timeout=5)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        collect(self.kc, msg_id)
        self.assert_alive()

    def test_sift_stop_on_error_aborts_queued_executes(self):
        first = self.kc.execute("i = 0\nwhile i < 300000 { i = i + 1 }\nnosuchname_xyz")
        second = self.kc.execute('print("after")')
        info = self.kc.complete("pri")
        r1 = self.kc.get_shell_msg(timeout=15)
        r2 = self.kc.get_shell_msg(timeout=15)
        r3 = self.kc.get_shell_msg(timeout=15)
        self.assertEqual(r1["parent_header"]["msg_id"], first)
        self.assertEqual(r1["content"]["status"], "error")
        self.assertEqual(r2["parent_header"]["msg_id"], second)
        self.assertEqual(r2["content"]["status"], "aborted")
        self.assertEqual(r3["parent_header"]["msg_id"], info)
        self.assertEqual(r3["msg_type"], "complete_reply")
        # Each aborted request still gets busy and idle; later cells run.
        self.assertEqual([m["content"]["execution_state"] for m in collect(self.kc, second)],
                         ["busy", "idle"])
        reply, msgs = run(self.kc, 'print("later")')
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertIn("later", stream_text(msgs))

    def test_sift_no_abort_without_stop_on_error(self):
        self.kc.execute("nosuchname_xyz", stop_on_error=False)
        second = self.kc.execute('print("runs")')
        self.assertEqual(self.kc.get_shell_msg(timeout=10)["content"]["status"], "error")
        r2 = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(r2["parent_header"]["msg_id"], second)
        self.assertEqual(r2["content"]["status"], "ok")

    def test_sift_execution_count_rules(self):
        r0, _ = run(self.kc, "", silent=True)
        n = r0["content"]["execution_count"]
        r1, msgs = run(self.kc, "1+1")
        self.assertEqual(r1["content"]["execution_count"], n + 1)
        self.assertEqual(outputs(msgs, "execute_result")[0]["content"]["execution_count"], n + 1)
        self.assertEqual([m for m in msgs if m["msg_type"] == "execute_input"][0]
                         ["content"]["execution_count"], n + 1)
        r2, msgs = run(self.kc, "1+1", store_history=False)
        self.assertEqual(r2["content"]["execution_count"], n + 1)
        self.assertEqual(outputs(msgs, "execute_result")[0]["content"]["execution_count"], n + 1)
        r3, msgs = run(self.kc, "1+1", silent=True)
        self.assertEqual(r3["content"]["execution_count"], n + 1)
        self.assertEqual([m["msg_type"] for m in msgs], ["status", "status"])
        r4, _ = run(self.kc, "nosuchname_xyz")
        self.assertEqual(r4["content"]["execution_count"], n + 2)

    def test_sift_code_points_after_emoji(self):
        code = 'label = "😀 naïve"; pri'
        self.kc.complete(code, len(code))
        c = self.kc.get_shell_msg(timeout=10)["content"]
        self.assertIn("print", c["matches"])
        self.assertEqual(c["cursor_start"], len(code) - 3)
        self.assertEqual(c["cursor_end"], len(code))
        code = '"🐍🐍" |> print'
        self.kc.inspect(code, len(code) - 2)
        c = self.kc.get_shell_msg(timeout=10)["content"]
        self.assertTrue(c["found"], c)
        self.assertIn("print", c["data"]["text/plain"])
        reply, msgs = run(self.kc, 'print("日本語 😀")')
        self.assertEqual(stream_text(msgs), "日本語 😀\n")

    def test_sift_user_expressions(self):
        reply, _ = run(self.kc, "ue = 20", user_expressions={"a": "ue + 1", "b": "nosuchname_xyz"})
        ue = reply["content"]["user_expressions"]
        self.assertEqual(ue["a"]["status"], "ok")
        self.assertEqual(ue["a"]["data"]["text/plain"], "21")
        self.assertEqual(ue["b"]["status"], "error")
        self.assertIn("ename", ue["b"])

    def test_sift_display_ids(self):
        reply, msgs = run(self.kc, 'display(frame(a=[1,2]), id="progress")\n'
                                   'update_display("progress", frame(a=[1,2]))')
        self.assertEqual(reply["content"]["status"], "ok")
        kinds = [(m["msg_type"], m["content"].get("transient")) for m in outputs(msgs)]
        self.assertEqual(kinds, [("display_data", {"display_id": "progress"}),
                                 ("update_display_data", {"display_id": "progress"})])

    def test_sift_plot_is_a_png(self):
        reply, msgs = run(self.kc, "hist([1, 2, 2, 3, 3, 3, 4], bins=4)")
        if reply["content"]["status"] != "ok" and reply["content"]["ename"] == "NameError":
            self.skipTest("no plots in this build")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        result = outputs(msgs, "execute_result")[0]["content"]
        png = base64.b64decode(result["data"]["image/png"])
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        self.assertIn("text/plain", result["data"])
        meta = result["metadata"]["image/png"]
        self.assertGreater(meta["width"], 0)
        self.assertGreater(meta["height"], 0)

    def test_sift_clear_output_wait(self):
        reply, msgs = run(self.kc, "clear_output(wait=true)")
        self.assertEqual(outputs(msgs, "clear_output")[0]["content"], {"wait": True})

    def test_sift_comms(self):
        self.kc.comm_info()
        self.assertEqual(self.kc.get_shell_msg(timeout=10)["content"], {"status": "ok", "comms": {}})
        comm_id = uuid.uuid4().hex
        msg = self.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "nope", "data": {}})
        self.kc.shell_channel.send(msg)
        closes = [m for m in collect(self.kc, msg["header"]["msg_id"]) if m["msg_type"] == "comm_close"]
        self.assertEqual(closes[0]["content"]["comm_id"], comm_id)

    def test_sift_kernel_info_on_control(self):
        msg = self.kc.session.msg("kernel_info_request", {})
        self.kc.control_channel.send(msg)
        reply = self.kc.get_control_msg(timeout=10)
        self.assertEqual(reply["msg_type"], "kernel_info_reply")
        li = reply["content"]["language_info"]
        self.assertEqual((li["name"], li["file_extension"]), ("sift", ".sift"))
        self.assertEqual(reply["header"]["version"], "5.3")
        self.assertIsNotNone(reply["header"]["date"].tzinfo)

    def test_sift_history_search_and_output(self):
        for code in ("hist_a = 1", "hist_b = 2", "hist_a = 1", "1+1"):
            run(self.kc, code)
        self.kc.history(hist_access_type="search", pattern="hist_?*", unique=True)
        h = self.kc.get_shell_msg(timeout=10)["content"]["history"]
        self.assertEqual([e[2] for e in h], ["hist_b = 2", "hist_a = 1"])
        self.kc.history(hist_access_type="tail", n=1, output=True)
        h = self.kc.get_shell_msg(timeout=10)["content"]["history"]
        self.assertEqual(h[0][2], ["1+1", "2"])

    def test_sift_stream_coalescing(self):
        reply, msgs = run(self.kc, "\n".join('print("line")' for _ in range(50)))
        self.assertEqual(stream_text(msgs), "line\n" * 50)
        self.assertLessEqual(len(outputs(msgs, "stream")), 2)


class TestSiftWire(KernelCase):
    """Messages a careless or hostile peer might send."""

    def raw_send(self, frames):
        self.kc.shell_channel.socket.send_multipart(frames)

    def assert_silent_about(self, msg_id):
        with self.assertRaises(queue.Empty):
            self.kc.get_shell_msg(timeout=0.5)
        while True:
            try:
                m = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                break
            self.assertNotEqual(m["parent_header"].get("msg_id"), msg_id)

    def test_sift_wrong_signature_is_dropped(self):
        bad = Session(key=b"not-the-key", username="mallory")
        msg = bad.msg("execute_request", {"code": 'print("pwned")', "silent": False})
        bad.send(self.kc.shell_channel.socket, msg)
        self.assert_silent_about(msg["header"]["msg_id"])
        self.assert_alive()

    def test_sift_missing_signature_and_short_frames(self):
        s = self.kc.session
        msg = s.msg("kernel_info_request", {})
        parts = [s.pack(msg["header"]), s.pack({}), s.pack({}), s.pack({})]
        self.raw_send([b"<IDS|MSG>", b""] + parts)
        self.raw_send([b"<IDS|MSG>", s.sign(parts)] + parts[:2])
        self.raw_send([b"no delimiter at all"])
        self.assert_silent_about(msg["header"]["msg_id"])
        self.assert_alive()

    def test_sift_malformed_json_is_dropped(self):
        s = self.kc.session
        parts = [b'{"msg_id": "x", "msg_type": "execute_request"', b"{}", b"{}", b"{}"]
        self.raw_send([b"<IDS|MSG>", s.sign(parts)] + parts)
        parts = [b"[1, 2]", b"{}", b"{}", b"{}"]
        self.raw_send([b"<IDS|MSG>", s.sign(parts)] + parts)
        self.assert_silent_about("x")
        self.assert_alive()

    def test_sift_replayed_message_is_dropped(self):
        msg = self.kc.session.msg("kernel_info_request", {})
        frames = self.kc.session.serialize(msg)
        self.raw_send(frames)
        self.assertEqual(self.kc.get_shell_msg(timeout=10)["parent_header"]["msg_id"],
                         msg["header"]["msg_id"])
        collect(self.kc, msg["header"]["msg_id"])
        self.raw_send(frames)                       # the very same bytes again
        self.assert_silent_about(msg["header"]["msg_id"])
        self.assert_alive()

    def test_sift_router_handover(self):
        """A client reconnecting with the same identity while the kernel is
        busy is heard (ZMQ_ROUTER_HANDOVER), not ignored forever."""
        ctx = zmq.Context.instance()
        ident = b"reconnecting-client"
        url = "tcp://%s:%d" % (self.km.ip, self.km.shell_port)
        first = ctx.socket(zmq.DEALER)
        first.setsockopt(zmq.IDENTITY, ident)
        first.setsockopt(zmq.LINGER, 0)
        first.connect(url)
        s = self.kc.session
        s.send(first, "execute_request", {"code": "i = 0\nwhile i < 300000 { i = i + 1 }",
                                          "silent": False, "stop_on_error": True})
        time.sleep(0.1)
        # The old connection is still up (as after a network change the
        # kernel has not noticed): the new one must take the identity over.
        second = ctx.socket(zmq.DEALER)
        second.setsockopt(zmq.IDENTITY, ident)
        second.setsockopt(zmq.LINGER, 0)
        second.connect(url)
        try:
            time.sleep(0.1)
            msg = s.send(second, "kernel_info_request", {})
            deadline = time.monotonic() + 15 * SLOW
            got = None
            while got is None and time.monotonic() < deadline:
                if second.poll(500):
                    _, parts = s.feed_identities(second.recv_multipart())
                    reply = s.deserialize(parts)
                    if reply["parent_header"]["msg_id"] == msg["header"]["msg_id"]:
                        got = reply
            self.assertIsNotNone(got, "no kernel_info_reply after reconnecting")
            self.assertEqual(got["msg_type"], "kernel_info_reply")
        finally:
            first.close()
            second.close()

    def test_sift_unknown_msg_type_gets_busy_idle(self):
        msg = self.kc.session.msg("frobnicate_request", {"x": 1})
        self.kc.shell_channel.send(msg)
        states = [m["content"]["execution_state"] for m in collect(self.kc, msg["header"]["msg_id"])]
        self.assertEqual(states, ["busy", "idle"])
        self.assert_alive()

    def test_sift_iopub_welcome(self):
        ctx = zmq.Context.instance()
        sub = ctx.socket(zmq.SUB)
        sub.setsockopt(zmq.SUBSCRIBE, b"")
        sub.setsockopt(zmq.LINGER, 0)
        sub.connect("tcp://%s:%d" % (self.km.ip, self.km.iopub_port))
        try:
            self.assertTrue(sub.poll(5000))
            # A session of our own: the welcome also reaches self.kc, whose
            # digest history would call this copy a duplicate.
            session = Session(key=self.kc.session.key)
            ids, msg = session.feed_identities(sub.recv_multipart())
            msg = session.deserialize(msg)
            self.assertEqual(msg["msg_type"], "iopub_welcome")
            self.assertEqual(msg["content"], {"subscription": ""})
        finally:
            sub.close()


class TestSiftSignalMode(KernelCase):
    kernel_name = "sift-test-signal"

    def test_sift_sigint_while_idle_is_harmless(self):
        self.km.interrupt_kernel()
        time.sleep(0.2)
        self.assertTrue(self.km.is_alive())
        self.assert_alive()

    def test_sift_interrupt_signal_mode(self):
        msg_id = self.kc.execute("while true {}")
        time.sleep(0.3)
        t0 = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertLess(time.monotonic() - t0, 0.1 * SLOW)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        collect(self.kc, msg_id)
        self.assert_alive()

    def test_sift_sigint_breaks_input(self):
        msg_id = self.kc.execute('print(input("wait: "))', allow_stdin=True)
        self.assertEqual(self.kc.get_stdin_msg(timeout=10)["msg_type"], "input_request")
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=5)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        collect(self.kc, msg_id)
        self.assert_alive()


class TestSiftLifecycle(unittest.TestCase):
    @classmethod
    def tearDownClass(cls):
        kernel_env.check_sanitizer_logs()

    def test_sift_restart_and_shutdown(self):
        km, kc = kernel_env.start()
        try:
            pid = km.provisioner.process.pid
            run(kc, "before = 1")
            t0 = time.monotonic()
            km.restart_kernel(now=False)
            self.assertLess(time.monotonic() - t0, 2.5 * SLOW)
            self.assertNotEqual(km.provisioner.process.pid, pid)
            kc.wait_for_ready(timeout=30)
            reply, msgs = run(kc, "1+1")
            self.assertEqual(reply["content"]["status"], "ok")
            reply, _ = run(kc, "before")
            self.assertEqual(reply["content"]["ename"], "NameError")
        finally:
            kc.stop_channels()
            proc = km.provisioner.process
            t0 = time.monotonic()
            km.shutdown_kernel(now=False)
            self.assertLess(time.monotonic() - t0, 2.5 * SLOW)
            self.assertEqual(proc.wait(timeout=5), 0)

    def test_sift_shutdown_while_busy(self):
        km, kc = kernel_env.start()
        kc.execute("while true {}")
        time.sleep(0.2)
        proc = km.provisioner.process
        t0 = time.monotonic()
        msg = kc.session.msg("shutdown_request", {"restart": False})
        kc.control_channel.send(msg)
        reply = kc.get_control_msg(timeout=5)
        self.assertEqual(reply["content"], {"status": "ok", "restart": False})
        self.assertEqual(proc.wait(timeout=5), 0)
        self.assertLess(time.monotonic() - t0, 2.5 * SLOW)
        kc.stop_channels()
        km.cleanup_resources()


@unittest.skipIf(kernel_env.ASAN, "memory is not flat under ASan's allocator")
class TestSiftMemory(KernelCase):
    def rss_kib(self):
        with open("/proc/%d/status" % self.km.provisioner.process.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])

    def test_sift_10000_executes_flat_memory(self):
        for _ in range(1000):
            run(self.kc, "1+1")
        base = self.rss_kib()
        for i in range(9000):
            reply, _ = run(self.kc, "1+1", store_history=(i % 2 == 0))
        grown = self.rss_kib() - base
        # 4,500 history entries are a few hundred KiB; a leak of even one
        # message per execute would be megabytes.
        self.assertLess(grown, 2048, "RSS grew by %d KiB over 9,000 executes" % grown)
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()


class TestSiftProcess(unittest.TestCase):
    """The process around the protocol: arguments, heartbeat, ipc."""

    @classmethod
    def tearDownClass(cls):
        kernel_env.check_sanitizer_logs()

    def run_kernel(self, connection):
        import json
        import subprocess
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write(connection if isinstance(connection, str) else json.dumps(connection))
        try:
            return subprocess.run([kernel_env.KERNEL, "-f", f.name], capture_output=True,
                                  text=True, timeout=20 * SLOW)
        finally:
            os.unlink(f.name)

    def test_sift_bad_connection_files(self):
        r = self.run_kernel("{not json")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("connection file", r.stderr)
        r = self.run_kernel({"transport": "tcp", "ip": "127.0.0.1", "shell_port": 1,
                             "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
                             "key": "k", "signature_scheme": "hmac-md5"})
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("hmac-md5", r.stderr)

    def test_sift_port_in_use_is_fatal(self):
        ctx = zmq.Context.instance()
        s = ctx.socket(zmq.REP)
        s.setsockopt(zmq.LINGER, 0)
        port = s.bind_to_random_port("tcp://127.0.0.1")
        try:
            r = self.run_kernel({"transport": "tcp", "ip": "127.0.0.1", "shell_port": port,
                                 "iopub_port": 0, "stdin_port": 0, "control_port": 0,
                                 "hb_port": 0, "key": "k", "signature_scheme": "hmac-sha256"})
        finally:
            s.close()
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot bind", r.stderr)

    def test_sift_exits_when_orphaned(self):
        import json
        import signal
        import subprocess
        import tempfile
        from jupyter_client.connect import write_connection_file
        d = tempfile.mkdtemp(dir=kernel_env.SPEC_DIR)
        cf = write_connection_file(os.path.join(d, "c.json"), key=b"k")[0]
        # A wrapper between "manager" and kernel that does not exec: its
        # death, not JPY_PARENT_PID's value, is what must end the kernel.
        sh = subprocess.Popen(["sh", "-c", '"$0" -f "$1" & echo $!; wait', kernel_env.KERNEL, cf],
                              stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, JPY_PARENT_PID=str(os.getpid())))
        pid = int(sh.stdout.readline())
        time.sleep(0.5 * SLOW)
        self.assertTrue(self.running(pid), "kernel exited while its parent lived")
        sh.send_signal(signal.SIGKILL)
        sh.wait()
        deadline = time.monotonic() + 5 * SLOW
        while self.running(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertFalse(self.running(pid), "orphaned kernel kept running")

    @staticmethod
    def running(pid):
        try:
            with open("/proc/%d/status" % pid) as f:
                return "\nState:\tZ" not in f.read()
        except FileNotFoundError:
            return False

    def test_sift_heartbeat_echoes(self):
        km, kc = kernel_env.start()
        try:
            s = zmq.Context.instance().socket(zmq.REQ)
            s.setsockopt(zmq.LINGER, 0)
            s.connect("tcp://%s:%d" % (km.ip, km.hb_port))
            s.send(b"ping \x00\xff")
            self.assertTrue(s.poll(5000))
            self.assertEqual(s.recv(), b"ping \x00\xff")
            s.close()
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)

    def test_sift_ipc_transport(self):
        from jupyter_client.manager import KernelManager
        km = KernelManager(kernel_name="sift-test", transport="ipc",
                           ip=os.path.join(kernel_env.SPEC_DIR, "ipc-kernel"))
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=30)
            reply, msgs = run(kc, 'print("over ipc")')
            self.assertEqual(stream_text(msgs), "over ipc\n")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=False)
