"""Malformed requests and an unauthenticated kernel, over real sockets.

PROTOCOL.md B.5: a header, parent_header, metadata or content frame that is
not a JSON object is a bad message, dropped with a log line (no reply, no
busy/idle). A well-formed request without a string `code` gets an error
reply and runs nothing. A connection file with an empty key runs the kernel
without signatures (Jupyter allows it); the kernel warns on stderr, in its
banner and in the first cell's output.
"""
import json
import os
import queue
import subprocess
import tempfile
import time
import unittest

import kernel_env
from kernel_env import SLOW, collect, run
from test_protocol import KernelCase, outputs, stream_text


class TestSiftBadMessages(KernelCase):
    def raw_send(self, frames):
        self.kc.shell_channel.socket.send_multipart(frames)

    def assert_dropped(self, msg_id):
        with self.assertRaises(queue.Empty):
            self.kc.get_shell_msg(timeout=0.5)
        while True:
            try:
                m = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                break
            self.assertNotEqual(m["parent_header"].get("msg_id"), msg_id)

    def test_sift_content_not_an_object_is_dropped(self):
        s = self.kc.session
        count = run(self.kc, "1")[0]["content"]["execution_count"]
        for content in (b"[]", b'"print(1)"', b"null", b"42", b"", b"{\"code\": "):
            msg = s.msg("execute_request", {})
            parts = [s.pack(msg["header"]), s.pack({}), s.pack({}), content]
            self.raw_send([b"<IDS|MSG>", s.sign(parts)] + parts)
            self.assert_dropped(msg["header"]["msg_id"])
        for bad in (b"[]", b"7"):                 # parent_header, metadata
            msg = s.msg("execute_request", {"code": "1"})
            parts = [s.pack(msg["header"]), bad, s.pack({}), s.pack(msg["content"])]
            self.raw_send([b"<IDS|MSG>", s.sign(parts)] + parts)
            self.assert_dropped(msg["header"]["msg_id"])
            msg = s.msg("execute_request", {"code": "1"})
            parts = [s.pack(msg["header"]), s.pack({}), bad, s.pack(msg["content"])]
            self.raw_send([b"<IDS|MSG>", s.sign(parts)] + parts)
            self.assert_dropped(msg["header"]["msg_id"])
        msg = s.msg("execute_request", {"code": "1"})
        del msg["header"]["msg_type"]
        parts = [s.pack(msg["header"]), s.pack({}), s.pack({}), s.pack(msg["content"])]
        self.raw_send([b"<IDS|MSG>", s.sign(parts)] + parts)
        self.assert_dropped(msg["header"]["msg_id"])
        # Nothing ran: the next cell is the very next count.
        reply, _ = run(self.kc, "2")
        self.assertEqual(reply["content"]["execution_count"], count + 1)

    def test_sift_code_not_a_string_is_an_error_reply(self):
        count = run(self.kc, "1")[0]["content"]["execution_count"]
        for content in ({"code": 5}, {"code": None}, {"code": ["x = 1"]}, {}):
            msg = self.kc.session.msg("execute_request", dict(content, silent=False))
            self.kc.shell_channel.send(msg)
            reply = self.kc.get_shell_msg(timeout=10 * SLOW)
            self.assertEqual(reply["parent_header"]["msg_id"], msg["header"]["msg_id"])
            c = reply["content"]
            self.assertEqual(c["status"], "error")
            self.assertEqual(c["ename"], "ProtocolError")
            self.assertIn("content.code must be a string", c["evalue"])
            self.assertEqual(c["execution_count"], count)
            states = [m["content"].get("execution_state") for m in collect(self.kc, msg["header"]["msg_id"])]
            self.assertEqual(states, ["busy", "idle"])
        for kind in ("complete_request", "inspect_request", "is_complete_request"):
            msg = self.kc.session.msg(kind, {"code": 1, "cursor_pos": 0})
            self.kc.shell_channel.send(msg)
            reply = self.kc.get_shell_msg(timeout=10 * SLOW)
            self.assertEqual(reply["msg_type"], kind.replace("_request", "_reply"))
            self.assertEqual(reply["content"]["status"], "error")
        reply, _ = run(self.kc, "3")
        self.assertEqual(reply["content"]["execution_count"], count + 1)


class TestSiftEmptyKey(unittest.TestCase):
    @classmethod
    def tearDownClass(cls):
        kernel_env.check_sanitizer_logs()

    def test_sift_empty_key_warns(self):
        from jupyter_client.connect import write_connection_file
        d = tempfile.mkdtemp(dir=kernel_env.SPEC_DIR)
        cf = write_connection_file(os.path.join(d, "c.json"), key=b"")[0]
        with open(cf) as f:
            self.assertEqual(json.load(f)["key"], "")
        with open(os.path.join(d, "stderr"), "w+") as err:
            self.run_unsigned(cf, err)
            err.seek(0)
            log = err.read()
        self.assertIn("WARNING: this sift kernel is not authenticated", log)
        self.assertIn("running UNAUTHENTICATED", log)

    def run_unsigned(self, cf, err):
        from jupyter_client import BlockingKernelClient
        proc = subprocess.Popen([kernel_env.KERNEL, "-f", cf], stderr=err, stdout=subprocess.DEVNULL)
        kc = BlockingKernelClient(connection_file=cf)
        kc.load_connection_file()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=30 * SLOW)
            info = kc.kernel_info(reply=True, timeout=10 * SLOW)["content"]
            self.assertIn("not authenticated", info["banner"])
            reply, msgs = run(kc, 'print("hi")')
            self.assertEqual(reply["content"]["status"], "ok")
            self.assertIn("not authenticated", stream_text(msgs, "stderr"))
            self.assertEqual(stream_text(msgs), "hi\n")
            reply, msgs = run(kc, "1 + 1")            # said once, not every cell
            self.assertEqual(stream_text(msgs, "stderr"), "")
        finally:
            kc.shutdown()
            kc.stop_channels()
            try:
                proc.wait(timeout=10 * SLOW)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if __name__ == "__main__":
    unittest.main()
