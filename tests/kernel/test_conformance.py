"""jupyter_kernel_test's conformance suite against sift-kernel."""
import unittest

import jupyter_kernel_test

import kernel_env


class SiftKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "sift-test"
    language_name = "sift"
    file_extension = ".sift"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'warn("oops")'
    completion_samples = [
        {"text": "my_unique_var", "matches": {"my_unique_variable"}},
        {"text": "clear_outp", "matches": {"clear_output"}},
        {"text": "df.petal_w", "matches": {"petal_width"}},
    ]
    complete_code_samples = ["x = 1", "print(1)", "fn f() { 1 }"]
    incomplete_code_samples = ["fn f() {", "x = [1,", "print("]
    invalid_code_samples = ["x = )", "}"]
    code_page_something = "?print"
    code_generate_error = "1 +"
    code_execute_result = [{"code": "1+1", "result": "2"}, {"code": "2 + 3", "result": "5"}]
    code_display_data = [{"code": "show(frame(a=[1,2]))", "mime": "text/html"}]
    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "1+1"
    code_inspect_sample = "print"
    code_clear_output = "clear_output()"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Names the completion samples need.
        for code in ("my_unique_variable = 1",
                     'df = frame(petal_length=[1.4], petal_width=[0.2], species=["setosa"])'):
            reply, _ = kernel_env.run(cls.kc, code)
            assert reply["content"]["status"] == "ok", reply["content"]

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        kernel_env.check_sanitizer_logs()


if __name__ == "__main__":
    unittest.main()
