"""Helpers shared by the tests: temporary folders and a fake transport standing in for HTTP."""

import os
import shutil
import tempfile
import unittest


class TempDirTestCase(unittest.TestCase):
    """Each test gets its own fresh folder, removed afterwards; `self.tmp` is its path."""

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="majorana-pytest-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def write(self, relative, content="", mode=0o644):
        path = os.path.join(self.tmp, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(content)
        os.chmod(path, mode)
        return path

    def chdir(self, path):
        previous = os.getcwd()
        os.chdir(path)
        self.addCleanup(os.chdir, previous)


class FakeTransport:
    """Answers requests from a table `{(method, path): answer}`; an answer that is an exception is
    raised. Records every request as (method, path, body)."""

    url = "http://fake.test"

    def __init__(self, answers=None):
        self.answers = dict(answers or {})
        self.requests = []

    def json(self, method, path, body=None):
        self.requests.append((method, path, body))
        answer = self.answers.get((method, path))
        if answer is None:
            raise AssertionError("unexpected request %s %s" % (method, path))
        if isinstance(answer, Exception):
            raise answer
        return answer(body) if callable(answer) else answer

    def upload(self, path, file_path, sha256):
        self.requests.append(("UPLOAD", path, sha256))
        return {"ref": "SB:sha256:" + sha256, "sha256": sha256, "bytes": os.path.getsize(file_path), "files": 1}

    def download(self, path, to_path):
        self.requests.append(("DOWNLOAD", path, to_path))
        answer = self.answers[("DOWNLOAD", path)]
        if isinstance(answer, Exception):
            raise answer
        shutil.copyfile(answer, to_path)
        return ""
