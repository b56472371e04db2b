"""`Client`: the REST API of a Majorana server in plain Python, raising typed errors (errors.py).

    from majorana import Client
    client = Client()                       # MAJORANA_URL / MAJORANA_TOKEN / saved credentials
    [job_id] = client.submit(open("job.jdl").read())
    client.job(job_id)["Status"]
    client.download_output(job_id, "out")   # unpacks into out/<job_id>/

`Dirac` (dirac.py) is the same client dressed as DIRAC's API.
"""

import os
import re
import shutil
import tempfile
from collections import namedtuple

from . import jdl_text
from .config import settings_from_env
from .errors import BadRequestError, InvalidJdlError, SandboxError
from .sandbox_extract import extract_sandbox
from .sandbox_pack import pack_sandbox
from .transport import Transport

UploadedSandbox = namedtuple("UploadedSandbox", ["ref", "sha256", "bytes", "files"])

# Most IDs one search asks for (the server's perPage limit).
_MAX_PER_SEARCH = 10000
_SANDBOX_REF = re.compile(r"^\s*SB:", re.IGNORECASE)
_LFN = re.compile(r"^\s*LFN:", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"%s|%n|%j|%\([A-Za-z_][A-Za-z0-9_]*\)s")
_PARAMETRIC = re.compile(r"^parameters(\..*)?$|^parameter(start|step|factor)(\..*)?$", re.IGNORECASE)


class Client:
    """A client of one server.

    :param url: the server. Default: MAJORANA_URL, the saved `majorana login`, or http://127.0.0.1:8440
    :param token: a bearer token. Default: MAJORANA_TOKEN, the saved login, or `majorana up`'s admin token
    :param timeout: seconds to wait for the server on each socket operation. Default 60
    """

    def __init__(self, url=None, token=None, timeout=60.0, transport=None):
        if transport is None:
            settings = settings_from_env(url, token)
            transport = Transport(settings.url, settings.token, timeout)
        self._http = transport

    @property
    def url(self):
        return self._http.url

    def health(self):
        return self._http.json("GET", "/api/health")

    # ---- submission ----

    def submit(self, job_or_jdl, cwd=None):
        """Submits a `Job`, a JDL text or a JDL file; uploads local input-sandbox files first.

        Local names are relative to `cwd` (default: the current folder). Returns the new job IDs
        (several for a parametric JDL).
        """
        return self.submit_jdl(self.prepare_jdl(job_or_jdl, cwd))

    def submit_jdl(self, jdl):
        """Submits JDL text as it is (its InputSandbox may name only uploaded `SB:` sandboxes and LFNs)."""
        return list(self._http.json("POST", "/api/jobs", {"jdl": jdl})["jobIds"])

    def prepare_jdl(self, job_or_jdl, cwd=None):
        """The JDL to submit: local InputSandbox files packed, uploaded and replaced by their `SB:` reference."""
        jdl = jdl_of(job_or_jdl)
        attribute = jdl_text.find_attribute(jdl, "InputSandbox")
        if attribute is None:
            return jdl
        entries = jdl_text.parse_value(attribute.value_text)
        entries = entries if isinstance(entries, list) else [entries]
        if not all(isinstance(entry, str) for entry in entries):
            return jdl  # nested lists: the server says what is wrong
        local = [e.strip() for e in entries if not (_SANDBOX_REF.match(e) or _LFN.match(e) or _PLACEHOLDER.search(e))]
        if not local:
            return jdl
        remote = [entry for entry in entries if entry.strip() not in local]
        if any(_SANDBOX_REF.match(entry) for entry in remote):
            raise SandboxError(
                "InputSandbox names an uploaded sandbox (SB:...) and local files (%s); a job unpacks exactly one "
                "sandbox: list only the local files and they are packed together" % ", ".join(local)
            )
        uploaded = self.upload_files(local, cwd)
        return jdl_text.replace_value(jdl, attribute, jdl_text.format_value([uploaded.ref] + remote))

    def upload_files(self, files, cwd=None):
        """Packs local files and patterns (relative to `cwd`) into one sandbox and uploads it."""
        workdir = tempfile.mkdtemp(prefix="majorana-sandbox-")
        try:
            packed = pack_sandbox(cwd or os.getcwd(), files, os.path.join(workdir, "sandbox.tar.gz"))
            stored = self.upload_sandbox(packed.path, packed.sha256)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if stored["sha256"] != packed.sha256:
            raise SandboxError(
                "the server stored sha256 %s but %s was packed: upload again" % (stored["sha256"], packed.sha256)
            )
        return UploadedSandbox(stored["ref"], stored["sha256"], stored["bytes"], packed.files)

    def upload_sandbox(self, archive_path, sha256):
        """Uploads a tar.gz (streamed); the answer is `{ref, sha256, bytes, files}`."""
        return self._http.upload("/api/sandboxes", archive_path, sha256)

    # ---- reading ----

    def search_jobs(self, conditions=None, sort=None, page=1, per_page=100):
        """DiracX-style search: conditions like `{'parameter': 'Status', 'operator': 'eq', 'value': 'Done'}`.

        Returns `{'jobs': [...], 'total': n}`.
        """
        body = {"page": page, "perPage": per_page}
        if conditions:
            body["search"] = list(conditions)
        if sort:
            body["sort"] = list(sort)
        return self._http.json("POST", "/api/jobs/search", body)

    def jobs(self, job_ids):
        """The jobs among `job_ids` that exist and that you may see, as `{JobID: job}`."""
        ids = [int(job_id) for job_id in job_ids]
        found = {}
        for start in range(0, len(ids), _MAX_PER_SEARCH):
            chunk = ids[start : start + _MAX_PER_SEARCH]
            answer = self.search_jobs([{"parameter": "JobID", "operator": "in", "values": chunk}], per_page=len(chunk))
            for job in answer["jobs"]:
                found[int(job["JobID"])] = job
        return found

    def job(self, job_id):
        return self._http.json("GET", "/api/jobs/%d" % int(job_id))

    def jdl(self, job_id, original=False):
        """The job's JDL: as Majorana runs it, or as submitted (`original=True`)."""
        return self._http.json("GET", "/api/jobs/%d/jdl%s" % (int(job_id), "?original=true" if original else ""))["jdl"]

    def logging(self, job_id):
        """The job's status history: dicts of Status, MinorStatus, ApplicationStatus, StatusTime, Source."""
        return self._http.json("GET", "/api/jobs/%d/logging" % int(job_id))

    def parameters(self, job_id):
        return self._http.json("GET", "/api/jobs/%d/parameters" % int(job_id))

    def peek(self, job_id):
        """The last heartbeat of a running job, with `stdoutTail`, the last lines of its standard output."""
        return self._http.json("GET", "/api/jobs/%d/peek" % int(job_id))

    # ---- actions: each answers one `{JobID, result, reason}` per job ----

    def kill(self, job_ids):
        return self._action("kill", job_ids)

    def delete(self, job_ids):
        return self._action("delete", job_ids)

    def reschedule(self, job_ids):
        return self._action("reschedule", job_ids)

    def _action(self, action, job_ids):
        ids = [int(job_id) for job_id in job_ids]
        return self._http.json("POST", "/api/jobs/%s" % action, {"jobIds": ids})["results"]

    # ---- output ----

    def output_files(self, job_id):
        """What the job's output sandbox holds: dicts of path, size, type."""
        return self._http.json("GET", "/api/jobs/%d/output-sandbox/files" % int(job_id))

    def download_output_archive(self, job_id, to_path):
        """The output sandbox as one tar.gz at `to_path` (checked against the server's sha256)."""
        return self._http.download("/api/jobs/%d/output-sandbox" % int(job_id), to_path)

    def download_output(self, job_id, output_dir="."):
        """Unpacks the job's output sandbox into `<output_dir>/<job_id>/` (which must not exist yet),
        refusing anything that would land outside it; returns the unpacked names."""
        target = os.path.join(output_dir, str(int(job_id)))
        if os.path.lexists(target):
            raise SandboxError("%s already exists: remove it to download the output of job %s again" % (target, job_id))
        os.makedirs(output_dir, exist_ok=True)
        workdir = tempfile.mkdtemp(prefix="majorana-output-", dir=output_dir)
        try:
            archive = os.path.join(workdir, "output.tar.gz")
            self.download_output_archive(job_id, archive)
            return extract_sandbox(archive, target)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def jdl_of(job_or_jdl):
    """The JDL text of a `Job` (refused when its setters recorded errors), a JDL text or a JDL file."""
    if hasattr(job_or_jdl, "_toJDL"):
        errors = getattr(job_or_jdl, "errorDict", {})
        if errors:
            reasons = "; ".join("%s: %s" % (method, ", ".join(messages)) for method, messages in errors.items())
            raise InvalidJdlError("the job was described wrongly (%s): fix these calls and submit again" % reasons)
        return job_or_jdl._toJDL()
    if not isinstance(job_or_jdl, str):
        raise BadRequestError("submit a Job, a JDL text or the path of a JDL file, not %r" % (job_or_jdl,))
    if "\n" not in job_or_jdl and "=" not in job_or_jdl and os.path.isfile(job_or_jdl):
        with open(job_or_jdl, encoding="utf-8") as handle:
            return handle.read()
    return job_or_jdl


def is_parametric(jdl):
    """Whether the JDL asks for a parametric job (Parameters, Parameters.x, ParameterStart...)."""
    return any(_PARAMETRIC.match(attribute.name) for attribute in jdl_text.read_attributes(jdl))
