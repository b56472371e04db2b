"""The in-tree build backend makes a valid wheel, and the code stays within Python 3.9's syntax."""

import ast
import base64
import csv
import hashlib
import importlib.util
import io
import os
import re
import unittest
import zipfile

from support import TempDirTestCase

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_backend():
    spec = importlib.util.spec_from_file_location("majorana_build_backend", os.path.join(SOURCE, "_build", "backend.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@unittest.skipUnless(os.path.isfile(os.path.join(SOURCE, "pyproject.toml")), "runs from the source tree only")
class PackagingTest(TempDirTestCase):
    def test_the_wheel_has_metadata_and_a_record_that_matches_its_files(self):
        backend = load_backend()
        self.assertEqual(backend.get_requires_for_build_wheel(), [])
        name = backend.build_wheel(self.tmp)
        self.assertEqual(name, "majorana_client-0.1.0-py3-none-any.whl")
        with zipfile.ZipFile(os.path.join(self.tmp, name)) as wheel:
            names = wheel.namelist()
            self.assertIn("majorana/__init__.py", names)
            self.assertFalse([n for n in names if "__pycache__" in n or n.endswith(".pyc")])
            metadata = wheel.read("majorana_client-0.1.0.dist-info/METADATA").decode()
            self.assertIn("Name: majorana-client\nVersion: 0.1.0\n", metadata)
            self.assertIn("Requires-Python: >=3.9", metadata)
            self.assertIn("Root-Is-Purelib: true", wheel.read("majorana_client-0.1.0.dist-info/WHEEL").decode())
            rows = list(csv.reader(io.StringIO(wheel.read("majorana_client-0.1.0.dist-info/RECORD").decode())))
            self.assertEqual(sorted(row[0] for row in rows), sorted(names))
            for path, digest, size in rows:
                if path.endswith("RECORD"):
                    continue
                data = wheel.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                self.assertEqual((digest, int(size)), ("sha256=" + expected, len(data)), path)

    def test_two_builds_give_the_same_bytes(self):
        backend = load_backend()
        os.mkdir(os.path.join(self.tmp, "a"))
        os.mkdir(os.path.join(self.tmp, "b"))
        first = os.path.join(self.tmp, "a", backend.build_wheel(os.path.join(self.tmp, "a")))
        second = os.path.join(self.tmp, "b", backend.build_wheel(os.path.join(self.tmp, "b")))
        with open(first, "rb") as one, open(second, "rb") as two:
            self.assertEqual(one.read(), two.read())

    def test_the_sdist_holds_the_backend_so_it_builds_again(self):
        backend = load_backend()
        import tarfile

        with tarfile.open(os.path.join(self.tmp, backend.build_sdist(self.tmp))) as sdist:
            names = sdist.getnames()
        self.assertIn("majorana_client-0.1.0/_build/backend.py", names)
        self.assertIn("majorana_client-0.1.0/PKG-INFO", names)

    def test_the_package_version_is_the_projects(self):
        with open(os.path.join(SOURCE, "majorana", "__init__.py")) as handle:
            package = re.search(r'__version__ = "([^"]+)"', handle.read()).group(1)
        self.assertEqual(package, load_backend()._version())

    def test_every_module_parses_as_python_3_9(self):
        for directory in ("majorana", "tests", "_build"):
            for name in os.listdir(os.path.join(SOURCE, directory)):
                if name.endswith(".py"):
                    with open(os.path.join(SOURCE, directory, name)) as handle:
                        ast.parse(handle.read(), filename=name, feature_version=(3, 9))


if __name__ == "__main__":
    unittest.main()
