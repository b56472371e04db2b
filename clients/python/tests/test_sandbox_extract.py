import io
import os
import tarfile
import unittest

from majorana import SandboxError
from majorana.sandbox_extract import extract_sandbox
from majorana.sandbox_pack import pack_sandbox
from support import TempDirTestCase


def entry(name, kind=tarfile.REGTYPE, data=b"", linkname="", mode=0o644):
    info = tarfile.TarInfo(name)
    info.type, info.size, info.linkname, info.mode = kind, len(data), linkname, mode
    return info, io.BytesIO(data) if kind == tarfile.REGTYPE else None


class ExtractSandboxTest(TempDirTestCase):
    def archive(self, *entries):
        path = os.path.join(self.tmp, "crafted.tar.gz")
        with tarfile.open(path, "w:gz", format=tarfile.GNU_FORMAT) as archive:
            for info, data in entries:
                archive.addfile(info, data)
        return path

    def target(self):
        return os.path.join(self.tmp, "out", "42")

    def assert_refused(self, path, why):
        with self.assertRaisesRegex(SandboxError, why):
            extract_sandbox(path, self.target())
        self.assertFalse(os.path.exists(self.target()), "a refused archive must leave nothing behind")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "evil")))

    def test_unpacks_what_the_packer_made_with_modes_and_links(self):
        self.write("src/bin/run.sh", "#!/bin/sh\n", 0o700)
        self.write("src/out.txt", "result\n", 0o666)
        os.symlink("out.txt", os.path.join(self.tmp, "src", "latest"))
        packed = pack_sandbox(os.path.join(self.tmp, "src"), ["bin", "out.txt", "latest"], os.path.join(self.tmp, "s.tar.gz"))
        names = extract_sandbox(packed.path, self.target())
        self.assertEqual(names, ["bin", "bin/run.sh", "latest", "out.txt"])
        with open(os.path.join(self.target(), "latest")) as handle:
            self.assertEqual(handle.read(), "result\n")
        self.assertEqual(os.stat(os.path.join(self.target(), "bin/run.sh")).st_mode & 0o777, 0o755)
        self.assertEqual(os.stat(os.path.join(self.target(), "out.txt")).st_mode & 0o777, 0o644)

    def test_refuses_absolute_names(self):
        self.assert_refused(self.archive(entry("/tmp/evil", data=b"x")), "absolute")

    def test_refuses_names_going_up(self):
        self.assert_refused(self.archive(entry("ok.txt", data=b"x"), entry("a/../../evil", data=b"x")), r"\.\.")

    def test_refuses_a_link_leading_out(self):
        self.assert_refused(self.archive(entry("up", tarfile.SYMTYPE, linkname="../../evil")), "outside")
        self.assert_refused(self.archive(entry("abs", tarfile.SYMTYPE, linkname="/etc")), "absolute")

    def test_refuses_a_chain_of_links_that_only_leads_out_once_complete(self):
        # x -> a/b/.. looks inside while a/b does not exist; a/b -> .. then makes it point out.
        path = self.archive(
            entry("a", tarfile.DIRTYPE, mode=0o755),
            entry("x", tarfile.SYMTYPE, linkname="a/b/.."),
            entry("a/b", tarfile.SYMTYPE, linkname=".."),
        )
        self.assert_refused(path, "'x' leads outside")

    def test_never_writes_through_a_link(self):
        path = self.archive(entry("dir", tarfile.SYMTYPE, linkname="."), entry("dir/file", data=b"x"))
        self.assert_refused(path, "goes through a link")

    def test_refuses_devices_and_hard_links_to_nothing_unpacked(self):
        self.assert_refused(self.archive(entry("dev", tarfile.CHRTYPE)), "not a file")
        self.assert_refused(self.archive(entry("hard", tarfile.LNKTYPE, linkname="/etc/passwd")), "absolute")
        self.assert_refused(self.archive(entry("hard", tarfile.LNKTYPE, linkname="later")), "hard link")

    def test_a_hard_link_to_an_unpacked_file_becomes_a_copy(self):
        path = self.archive(entry("a.txt", data=b"same"), entry("b.txt", tarfile.LNKTYPE, linkname="a.txt"))
        extract_sandbox(path, self.target())
        with open(os.path.join(self.target(), "b.txt")) as handle:
            self.assertEqual(handle.read(), "same")

    def test_limits_entries_and_unpacked_bytes(self):
        path = self.archive(entry("a", data=b"12345"), entry("b", data=b"12345"))
        with self.assertRaisesRegex(SandboxError, "entries"):
            extract_sandbox(path, self.target(), max_entries=1)
        with self.assertRaisesRegex(SandboxError, "bytes"):
            extract_sandbox(path, self.target(), max_unpacked_bytes=9)

    def test_a_damaged_archive_is_reported_and_leaves_nothing(self):
        path = os.path.join(self.tmp, "broken.tar.gz")
        with open(path, "wb") as handle:
            handle.write(b"\x1f\x8b\x08\x00not really gzip")
        self.assert_refused(path, "damaged")

    def test_an_existing_folder_is_never_overwritten(self):
        os.makedirs(self.target())
        with self.assertRaisesRegex(SandboxError, "already exists"):
            extract_sandbox(self.archive(entry("a", data=b"x")), self.target())


if __name__ == "__main__":
    unittest.main()
