"""A PEP 517 (and PEP 660) build backend that needs nothing but the standard library.

Why not setuptools: pip 23 in a fresh venv ships without `wheel`, and with no network it cannot
fetch setuptools either, so `pip install ./clients/python` would fail offline. A pure-Python package
is only a zip with three metadata files, so we write it ourselves (PEP 427 wheel, PEP 566 metadata).

The archives are reproducible: entries sorted, timestamps fixed, so two builds of the same tree give
the same bytes.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "majorana"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# 1980-01-01 UTC, the same fixed time the sandboxes use.
TAR_MTIME = 315532800


def _project_field(name):
    """One string field of [project] in pyproject.toml (Python 3.9 has no tomllib; the file is ours)."""
    with open(os.path.join(ROOT, "pyproject.toml"), encoding="utf-8") as handle:
        text = handle.read()
    match = re.search(r'^%s\s*=\s*"([^"]*)"' % re.escape(name), text, re.MULTILINE)
    if match is None:
        raise RuntimeError("pyproject.toml has no %s" % name)
    return match.group(1)


def _name():
    return _project_field("name")


def _version():
    return _project_field("version")


def _dist_name():
    """The name as file names spell it (PEP 427): runs of -_. become _."""
    return re.sub(r"[-_.]+", "_", _name())


def _dist_info():
    return "%s-%s.dist-info" % (_dist_name(), _version())


def _wheel_name():
    return "%s-%s-py3-none-any.whl" % (_dist_name(), _version())


def _metadata():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    headers = [
        "Metadata-Version: 2.1",
        "Name: %s" % _name(),
        "Version: %s" % _version(),
        "Summary: %s" % _project_field("description"),
        "License: Apache-2.0",
        "Requires-Python: %s" % _project_field("requires-python"),
        "Description-Content-Type: text/markdown",
    ]
    return "\n".join(headers) + "\n\n" + readme


def _wheel_file():
    return "Wheel-Version: 1.0\nGenerator: majorana-backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"


def _package_files():
    """Every file of the package, as (path in the archive, path on disk), sorted."""
    files = []
    for directory, subdirectories, names in os.walk(os.path.join(ROOT, PACKAGE)):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(directory, name)
            files.append((os.path.relpath(path, ROOT).replace(os.sep, "/"), path))
    return sorted(files)


def _read(path):
    with open(path, "rb") as handle:
        return handle.read()


def _record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def _write_wheel(wheel_directory, entries):
    """Writes entries (name -> bytes) plus the dist-info files and RECORD; returns the wheel's name."""
    info = _dist_info()
    entries = dict(entries)
    entries["%s/METADATA" % info] = _metadata().encode("utf-8")
    entries["%s/WHEEL" % info] = _wheel_file().encode("utf-8")
    entries["%s/top_level.txt" % info] = (PACKAGE + "\n").encode("utf-8")
    record_name = "%s/RECORD" % info
    lines = [_record_line(name, data) for name, data in sorted(entries.items())]
    lines.append("%s,," % record_name)
    entries[record_name] = ("\n".join(lines) + "\n").encode("utf-8")
    path = os.path.join(wheel_directory, _wheel_name())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        # RECORD last, as PEP 427 recommends.
        for name in sorted(entries, key=lambda n: (n == record_name, n)):
            item = zipfile.ZipInfo(name, ZIP_DATE)
            item.compress_type = zipfile.ZIP_DEFLATED
            item.external_attr = 0o644 << 16
            wheel.writestr(item, entries[name])
    return _wheel_name()


# ---- PEP 517 hooks ----


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    info = _dist_info()
    target = os.path.join(metadata_directory, info)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "METADATA"), "w", encoding="utf-8") as handle:
        handle.write(_metadata())
    with open(os.path.join(target, "WHEEL"), "w", encoding="utf-8") as handle:
        handle.write(_wheel_file())
    return info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, {name: _read(path) for name, path in _package_files()})


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 660: a wheel holding only a .pth file that puts this source tree on sys.path."""
    return _write_wheel(wheel_directory, {"__editable__.%s.pth" % _dist_name(): (ROOT + "\n").encode("utf-8")})


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (_dist_name(), _version())
    names = ["pyproject.toml", "README.md", "_build/backend.py"] + [name for name, _ in _package_files()]
    tests = os.path.join(ROOT, "tests")
    for name in sorted(os.listdir(tests)) if os.path.isdir(tests) else []:
        if name.endswith(".py"):
            names.append("tests/" + name)
    path = os.path.join(sdist_directory, base + ".tar.gz")
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as archive:
        pkg_info = _metadata().encode("utf-8")
        for name, data in [("PKG-INFO", pkg_info)] + [(n, _read(os.path.join(ROOT, n))) for n in sorted(names)]:
            item = tarfile.TarInfo("%s/%s" % (base, name))
            item.size = len(data)
            item.mtime = TAR_MTIME
            item.mode = 0o644
            archive.addfile(item, io.BytesIO(data))
    return os.path.basename(path)
