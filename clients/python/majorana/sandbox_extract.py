"""Unpacks a sandbox (tar.gz) into a folder without letting it write anywhere else.

`tarfile.extractall` trusts the archive (and Python 3.9 has no `filter=`), so every entry is checked
here first, with the rules the server applies to what pilots upload:

- no absolute names, no `..`, no backslashes or NUL characters;
- only files, folders, symbolic links and hard links (no devices, FIFOs...);
- nothing is written through a link: an entry whose folder is a link is refused;
- a symbolic link must lead inside the folder, judged once everything is unpacked (so that a chain
  of links made by later entries cannot point out); a hard link must name a file unpacked before it,
  and is unpacked as a copy;
- limits on the number of entries and unpacked bytes, against archive bombs;
- modes: 0755 for folders and executable files, 0644 for other files (no setuid, no owners).
"""

import os
import shutil
import stat
import tarfile
import zlib

from .errors import SandboxError

# Far above what an output sandbox holds (the server caps archives at 10 MiB by default), low
# enough that a crafted archive cannot fill the disk.
DEFAULT_MAX_ENTRIES = 100000
DEFAULT_MAX_UNPACKED_BYTES = 16 * 1024 * 1024 * 1024


def extract_sandbox(archive_path, target_dir, max_entries=DEFAULT_MAX_ENTRIES,
                    max_unpacked_bytes=DEFAULT_MAX_UNPACKED_BYTES):
    """Unpacks into `target_dir` (created, must not exist yet); returns the paths unpacked, in order.

    On any refusal the folder is removed again, so a failed unpacking leaves nothing half-written.
    """
    if os.path.lexists(target_dir):
        raise SandboxError("%s already exists: remove it to unpack the sandbox again" % target_dir)
    os.makedirs(target_dir)
    root = os.path.realpath(target_dir)
    try:
        return _extract(archive_path, root, max_entries, max_unpacked_bytes)
    except (tarfile.TarError, EOFError, zlib.error) as error:
        shutil.rmtree(root, ignore_errors=True)
        raise SandboxError("the sandbox archive is damaged (%s): download it again" % error)
    except OSError as error:
        shutil.rmtree(root, ignore_errors=True)
        raise SandboxError("cannot unpack the sandbox into %s (%s)" % (target_dir, error))
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _extract(archive_path, root, max_entries, max_unpacked_bytes):
    unpacked, links, regular = [], [], set()
    total = 0
    with tarfile.open(archive_path, mode="r:gz") as archive:
        for count, member in enumerate(archive, start=1):
            if count > max_entries:
                raise SandboxError("the sandbox has more than %d entries: refused as unsafe" % max_entries)
            name = safe_name(member.name)
            if name is None:
                continue  # `./`, the folder itself
            path = os.path.join(root, *name.split("/"))
            _check_parents(root, name)
            if member.isdir():
                if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
                    _remove(path)
                os.makedirs(path, exist_ok=True)
                os.chmod(path, 0o755)
            elif member.isreg():
                total += member.size
                if total > max_unpacked_bytes:
                    raise SandboxError("the sandbox unpacks to more than %d bytes: refused as unsafe" % max_unpacked_bytes)
                _write_file(archive.extractfile(member), path, member.mode)
                regular.add(name)
            elif member.issym():
                if os.path.isabs(member.linkname) or "\0" in member.linkname:
                    raise SandboxError("sandbox link '%s' points to an absolute path: refused as unsafe" % name)
                _remove(path)
                os.symlink(member.linkname, path)
                links.append(name)
            elif member.islnk():
                source = safe_name(member.linkname)
                if source is None or source not in regular:
                    raise SandboxError(
                        "sandbox hard link '%s' names '%s', not a file unpacked before it: refused as unsafe"
                        % (name, member.linkname)
                    )
                _remove(path)
                shutil.copy2(os.path.join(root, *source.split("/")), path, follow_symlinks=False)
                regular.add(name)
            else:
                raise SandboxError("sandbox entry '%s' is not a file, folder or link: refused as unsafe" % name)
            unpacked.append(name)
    for name in links:
        resolved = os.path.realpath(os.path.join(root, *name.split("/")))
        if resolved != root and not resolved.startswith(root + os.sep):
            raise SandboxError("sandbox link '%s' leads outside %s: refused as unsafe" % (name, root))
    return unpacked


def safe_name(name):
    """The entry's name made canonical (`a/b`), None for the folder itself; refuses unsafe names."""
    if not name or "\0" in name or "\\" in name:
        raise SandboxError("sandbox entry %r has an unusable name: refused as unsafe" % name)
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise SandboxError("sandbox entry '%s' has an absolute path: refused as unsafe" % name)
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise SandboxError("sandbox entry '%s' goes up with '..': refused as unsafe" % name)
    return "/".join(parts) or None


def _check_parents(root, name):
    """Every folder on the way to the entry is a real folder (not a link), or not there yet."""
    current = root
    for part in name.split("/")[:-1]:
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return
        if stat.S_ISLNK(mode):
            raise SandboxError("sandbox entry '%s' goes through a link: refused as unsafe" % name)
        if not stat.S_ISDIR(mode):
            raise SandboxError("sandbox entry '%s' is inside a file: the archive is damaged" % name)


def _write_file(source, path, mode):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    _remove(path)
    # O_EXCL after removing: never write through whatever might sit at that name.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)
    os.chmod(path, 0o755 if mode & 0o111 else 0o644)


def _remove(path):
    if os.path.islink(path) or os.path.isfile(path):
        os.remove(path)
    elif os.path.isdir(path):
        shutil.rmtree(path)
