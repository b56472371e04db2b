"""Packs local input-sandbox files into the tar.gz the server takes (POST /api/sandboxes).

The rules are the TypeScript client's (libs/sandbox: expand-sandbox-patterns, pack-sandbox), so a
sandbox means the same whichever client made it:

- names and patterns are relative to one folder (`*`, `?`, `[...]` within a name, `**` for any
  folders; a wildcard never matches a leading dot); absolute names, `..` and backslashes are refused;
- a matched folder is packed whole; symbolic links are packed as links and must stay inside the
  folder; nothing is ever followed out of it;
- the archive is deterministic: entries in byte order, mtime 1980-01-01, owner 0:0 and no names,
  modes 0644/0755 (only the executable bit kept), a gzip header without time or name, so the same
  files give the same sha256 and the server stores them once.
"""

import fnmatch
import gzip
import hashlib
import io
import os
import re
import stat
import tarfile
from collections import namedtuple

from .errors import SandboxError

# 1980-01-01T00:00:00Z, as libs/sandbox's SANDBOX_MTIME: some tools refuse older dates.
SANDBOX_MTIME = 315532800

Entry = namedtuple("Entry", ["path", "kind"])  # kind: 'file', 'directory' or 'symlink'
Packed = namedtuple("Packed", ["path", "sha256", "bytes", "files", "missing"])


def expand_patterns(cwd, patterns):
    """What `patterns` name under `cwd`: (entries sorted by path, patterns that matched nothing)."""
    found = {}
    missing = []
    for pattern in patterns:
        segments = _compile(pattern)
        matches = []
        _visit(cwd, segments, 0, "", matches, pattern)
        if not matches:
            missing.append(pattern)
        for path, kind in matches:
            if kind == "other":
                if all(segment[0] == "literal" for segment in segments):
                    raise SandboxError("Sandbox file '%s' is not a regular file, directory or link" % path)
                continue
            if path not in found:
                found[path] = kind
                if kind == "directory":
                    _add_tree(cwd, path, found)
    entries = [Entry(path, kind) for path, kind in found.items()]
    entries.sort(key=lambda entry: entry.path.encode("utf-8"))
    return entries, missing


def pack_sandbox(cwd, patterns, output_path):
    """Writes the sandbox of `patterns` under `cwd` to `output_path`; fails on a missing file.

    DIRAC refuses to submit a job whose input sandbox names a file that is not there, rather than
    run it without: so do we.
    """
    cwd = os.path.realpath(cwd)
    entries, missing = expand_patterns(cwd, patterns)
    if missing:
        raise SandboxError(
            "InputSandbox names %s, not found under %s: fix the name or run from the folder that holds it"
            % (", ".join("'%s'" % name for name in missing), cwd)
        )
    for entry in entries:
        if entry.kind == "symlink":
            _check_link(cwd, entry.path)
    with open(output_path, "wb") as raw:
        hasher = _HashingWriter(raw)
        # mtime=0 and no file name: the gzip header carries nothing that changes between runs.
        with gzip.GzipFile(filename="", mode="wb", fileobj=hasher, mtime=0) as compressed:
            with tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as archive:
                for entry in entries:
                    _add(archive, cwd, entry)
    return Packed(output_path, hasher.sha256(), hasher.size, [entry.path for entry in entries], missing)


class _HashingWriter(io.RawIOBase):
    """Passes bytes to `target` and hashes them, so the archive is read once."""

    def __init__(self, target):
        super().__init__()
        self._target = target
        self._hash = hashlib.sha256()
        self.size = 0

    def writable(self):
        return True

    def write(self, data):
        self._hash.update(data)
        self.size += len(data)
        return self._target.write(data)

    def sha256(self):
        return self._hash.hexdigest()


def _add(archive, cwd, entry):
    info = tarfile.TarInfo(entry.path + ("/" if entry.kind == "directory" else ""))
    info.mtime = SANDBOX_MTIME
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    full = os.path.join(cwd, entry.path)
    if entry.kind == "directory":
        info.type, info.mode = tarfile.DIRTYPE, 0o755
        archive.addfile(info)
    elif entry.kind == "symlink":
        info.type, info.mode, info.linkname = tarfile.SYMTYPE, 0o777, os.readlink(full)
        archive.addfile(info)
    else:
        # O_NOFOLLOW: a file swapped for a link after it was listed is refused, not followed.
        descriptor = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise SandboxError("Sandbox file '%s' stopped being a regular file while being packed" % entry.path)
            info.type, info.size = tarfile.REGTYPE, status.st_size
            info.mode = 0o755 if status.st_mode & 0o111 else 0o644
            archive.addfile(info, handle)


def _check_link(cwd, path):
    """A packed link must be relative and lead inside `cwd`, on disk now and as the archive says."""
    target = os.readlink(os.path.join(cwd, path))
    if os.path.isabs(target):
        raise SandboxError("Sandbox link '%s' points to the absolute path '%s'; make it relative" % (path, target))
    lexical = os.path.normpath(os.path.join(os.path.dirname(path), target))
    resolved = os.path.realpath(os.path.join(cwd, path))
    if lexical == ".." or lexical.startswith("../") or not _inside(cwd, resolved):
        raise SandboxError(
            "Sandbox link '%s' points outside %s ('%s'); pack the files it points to instead" % (path, cwd, target)
        )


def _inside(root, path):
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


# ---- patterns ----


def _compile(pattern):
    """A pattern as segments: ('literal', name), ('wildcard', regex) or ('globstar',)."""

    def refuse(why):
        raise SandboxError("Sandbox pattern '%s' %s" % (pattern, why))

    if not pattern.strip():
        refuse("is empty")
    if pattern.startswith("/"):
        refuse("is absolute; name files relative to the folder you submit from")
    if "\\" in pattern:
        refuse("has a backslash; separate folders with /")
    if "\0" in pattern:
        refuse("has a NUL character")
    segments = []
    for part in pattern.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            refuse("goes up with '..'; a sandbox holds only what lies under the folder you submit from")
        if part == "**":
            if not segments or segments[-1][0] != "globstar":
                segments.append(("globstar",))
        elif re.search(r"[*?\[]", part):
            segments.append(("wildcard", re.compile(fnmatch.translate(part), re.DOTALL), part))
        else:
            segments.append(("literal", part))
    if not segments:
        refuse("names the folder itself; list the files to include")
    return segments


def _visit(cwd, segments, index, directory, out, pattern):
    segment = segments[index]
    last = index == len(segments) - 1
    if segment[0] == "literal":
        path = _join(directory, segment[1])
        kind = _kind_at(cwd, path)
        if kind is None:
            return
        if last:
            out.append((path, kind))
        elif kind == "symlink":
            raise SandboxError(
                "Sandbox pattern '%s' goes through the symbolic link '%s'; name the files where it points instead"
                % (pattern, path)
            )
        elif kind == "directory":
            _visit(cwd, segments, index + 1, path, out, pattern)
        return
    children = _list(cwd, directory)
    if segment[0] == "wildcard":
        for name, kind in children:
            if name.startswith(".") and not segment[2].startswith("."):
                continue
            if not segment[1].match(name):
                continue
            path = _join(directory, name)
            if last:
                out.append((path, kind))
            elif kind == "directory":
                _visit(cwd, segments, index + 1, path, out, pattern)
        return
    if last:
        # A trailing ** takes its folder whole; at the top, everything not hidden.
        if directory:
            out.append((directory, "directory"))
        else:
            out.extend((name, kind) for name, kind in children if not name.startswith("."))
        return
    _visit(cwd, segments, index + 1, directory, out, pattern)
    for name, kind in children:
        if kind == "directory" and not name.startswith("."):
            _visit(cwd, segments, index, _join(directory, name), out, pattern)


def _add_tree(cwd, directory, found):
    """Everything under a matched folder, hidden files included, links not followed."""
    for name, kind in _list(cwd, directory):
        path = _join(directory, name)
        if kind == "other" or path in found:
            continue
        found[path] = kind
        if kind == "directory":
            _add_tree(cwd, path, found)


def _list(cwd, directory):
    try:
        names = os.listdir(os.path.join(cwd, directory) if directory else cwd)
    except (FileNotFoundError, NotADirectoryError):
        return []
    names.sort(key=lambda name: name.encode("utf-8"))
    return [(name, _kind_at(cwd, _join(directory, name))) for name in names]


def _kind_at(cwd, path):
    try:
        mode = os.lstat(os.path.join(cwd, path)).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISDIR(mode):
        return "directory"
    return "file" if stat.S_ISREG(mode) else "other"


def _join(directory, name):
    return "%s/%s" % (directory, name) if directory else name
