import gzip
import os
import tarfile
import time
import unittest

from majorana import SandboxError
from majorana.sandbox_pack import SANDBOX_MTIME, expand_patterns, pack_sandbox
from support import TempDirTestCase


class PackSandboxTest(TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.src = os.path.join(self.tmp, "src")
        self.write("src/runstuff.sh", "#!/bin/sh\necho hi\n", 0o775)
        self.write("src/inputfile.txt", "muon 12.4 GeV\n", 0o600)
        self.write("src/data/a.dat", "a")
        self.write("src/data/.hidden", "h")
        self.write("src/data/sub/b.dat", "b")
        self.write("src/.secret", "s")

    def pack(self, patterns, name="out.tar.gz"):
        return pack_sandbox(self.src, patterns, os.path.join(self.tmp, name))

    def members(self, path):
        with tarfile.open(path, "r:gz") as archive:
            return {member.name: member for member in archive.getmembers()}

    def test_packs_the_same_files_to_the_same_bytes_whenever_and_whoever(self):
        first = self.pack(["runstuff.sh", "inputfile.txt"], "one.tar.gz")
        os.utime(os.path.join(self.src, "inputfile.txt"), (time.time() + 1000, time.time() + 1000))
        second = self.pack(["inputfile.txt", "runstuff.sh"], "two.tar.gz")
        self.assertEqual(first.sha256, second.sha256)
        with open(first.path, "rb") as one, open(second.path, "rb") as two:
            self.assertEqual(one.read(), two.read())

    def test_entries_are_sorted_with_fixed_time_owner_and_only_the_executable_bit(self):
        packed = self.pack(["runstuff.sh", "inputfile.txt"])
        members = self.members(packed.path)
        self.assertEqual(list(members), ["inputfile.txt", "runstuff.sh"])
        self.assertEqual(members["runstuff.sh"].mode, 0o755)
        self.assertEqual(members["inputfile.txt"].mode, 0o644)
        for member in members.values():
            self.assertEqual((member.mtime, member.uid, member.gid, member.uname, member.gname), (SANDBOX_MTIME, 0, 0, "", ""))
        with gzip.open(packed.path) as unzipped:
            self.assertTrue(unzipped.read())
        with open(packed.path, "rb") as raw:
            header = raw.read(10)
        self.assertEqual(header[4:8], b"\0\0\0\0")  # no time in the gzip header

    def test_a_folder_is_packed_whole_and_wildcards_skip_hidden_files(self):
        self.assertEqual(self.pack(["data"]).files, ["data", "data/.hidden", "data/a.dat", "data/sub", "data/sub/b.dat"])
        self.assertEqual(self.pack(["data/*"], "w.tar.gz").files, ["data/a.dat", "data/sub", "data/sub/b.dat"])
        self.assertEqual(self.pack(["**/*.dat"], "g.tar.gz").files, ["data/a.dat", "data/sub/b.dat"])
        self.assertEqual(self.pack(["*.sh", "inp?tfile.[tx]xt"], "q.tar.gz").files, ["inputfile.txt", "runstuff.sh"])

    def test_a_link_inside_is_kept_as_a_link_and_one_leading_out_is_refused(self):
        os.symlink("inputfile.txt", os.path.join(self.src, "alias.txt"))
        member = self.members(self.pack(["alias.txt"]).path)["alias.txt"]
        self.assertTrue(member.issym())
        self.assertEqual(member.linkname, "inputfile.txt")
        os.symlink("../outside", os.path.join(self.src, "escape"))
        with self.assertRaisesRegex(SandboxError, "outside"):
            self.pack(["escape"], "e.tar.gz")
        os.symlink("/etc/passwd", os.path.join(self.src, "absolute"))
        with self.assertRaisesRegex(SandboxError, "absolute"):
            self.pack(["absolute"], "a.tar.gz")

    def test_refuses_names_outside_the_folder(self):
        for pattern, why in (("/etc/passwd", "absolute"), ("../x", r"\.\."), ("a\\b", "backslash"), (" ", "empty")):
            with self.assertRaisesRegex(SandboxError, why):
                self.pack([pattern])

    def test_a_missing_file_fails_the_packing_and_says_which(self):
        with self.assertRaisesRegex(SandboxError, "'nothere.txt'"):
            self.pack(["inputfile.txt", "nothere.txt"])
        self.assertEqual(expand_patterns(self.src, ["nothere*"])[1], ["nothere*"])


if __name__ == "__main__":
    unittest.main()
