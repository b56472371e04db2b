"""`Dirac`: DIRAC's user API (DIRAC.Interfaces.API.Dirac) on a Majorana server.

Same method names, arguments and return values as DIRAC, so existing submission scripts only need
`from majorana import Job, Dirac` instead of DIRAC's imports (and no proxy: a token, see config.py).
Every method answers `{'OK': True, 'Value': ...}` or `{'OK': False, 'Message': ...}` and never
raises for a server or input problem.
"""

import calendar
import datetime
import functools
import os

from . import jdl_text
from .client import Client, is_parametric
from .errors import BadRequestError, MajoranaError, NotFoundError
from .results import S_ERROR, S_OK


def _dirac_result(method):
    """Turns the client's typed errors, and local file errors, into DIRAC's S_ERROR."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except MajoranaError as error:
            return S_ERROR(error.message)
        except OSError as error:
            # A folder we may not write, a JDL file we may not read: DIRAC answers these too.
            return S_ERROR(str(error))

    return wrapper


class Dirac:
    """DIRAC's API. The arguments DIRAC takes for its own repository and certificates are accepted
    and ignored; `client` (a `majorana.Client`) or `url`/`token` choose the server, else the
    environment does (MAJORANA_URL, MAJORANA_TOKEN, `majorana login`)."""

    def __init__(self, withRepo=False, repoLocation="", useCertificates=False, vo=None, client=None, url=None,
                 token=None):
        self._client = client
        self._url = url
        self._token = token

    @property
    def client(self):
        """Made on first use, so `Dirac()` itself never fails (DIRAC's does not either)."""
        if self._client is None:
            self._client = Client(url=self._url, token=self._token)
        return self._client

    # ---- submission ----

    @_dirac_result
    def submitJob(self, job, mode="wms"):
        """Submits a `Job`, a JDL text or a JDL file, uploading its local input-sandbox files.

        Value: the job ID (int), or the list of IDs for a parametric job.
        """
        if str(mode).lower() != "wms":
            return S_ERROR("Majorana runs jobs through its server only (mode='wms'); mode=%r is not supported" % mode)
        jdl = self.client.prepare_jdl(job)
        ids = self.client.submit_jdl(jdl)
        value = ids if is_parametric(jdl) else ids[0]
        result = S_OK(value)
        result["JobID"] = value
        return result

    # ---- monitoring ----

    @_dirac_result
    def getJobStatus(self, jobID):
        """`{JobID: {'Status', 'MinorStatus', 'ApplicationStatus', 'Site'}}`; unknown IDs are left out."""
        ids = _job_ids(jobID, multiple=True)
        jobs = self.client.jobs(ids)
        return S_OK({
            job_id: {key: job.get(key) for key in ("Status", "MinorStatus", "ApplicationStatus", "Site")}
            for job_id, job in jobs.items()
        })

    @_dirac_result
    def getJobAttributes(self, jobID, printOutput=False):
        job = self.client.job(_job_ids(jobID))
        return S_OK({key: "" if value is None else str(value) for key, value in job.items()})

    @_dirac_result
    def getJobParameters(self, jobID, printOutput=False):
        """The parameters the job reported (`{'TotalCPUTime(s)': '12', 'ExitCode': '0', ...}`)."""
        return S_OK(self.client.parameters(_job_ids(jobID)))

    @_dirac_result
    def getJobLoggingInfo(self, jobID, printOutput=False):
        """Rows of (Status, MinorStatus, ApplicationStatus, DateTime, Source), oldest first."""
        records = self.client.logging(_job_ids(jobID))
        return S_OK([
            (r["Status"], r["MinorStatus"], r["ApplicationStatus"], _dirac_time(r["StatusTime"]), r["Source"])
            for r in records
        ])

    @_dirac_result
    def peekJob(self, jobID, printOutput=False):
        """The last lines of a running job's standard output (`'Not available yet.'` before any)."""
        job_id = _job_ids(jobID)
        try:
            return S_OK(self.client.peek(job_id)["stdoutTail"] or "Not available yet.")
        except NotFoundError:
            self.client.job(job_id)  # no such job: that NotFoundError is the answer
            return S_OK("Not available yet.")

    @_dirac_result
    def getJobJDL(self, jobID, original=False, printOutput=False):
        """The JDL as a dictionary (strings unquoted, lists as lists)."""
        return S_OK(jdl_text.to_dict(self.client.jdl(_job_ids(jobID), original)))

    @_dirac_result
    def selectJobs(self, status=None, minorStatus=None, applicationStatus=None, site=None, owner=None,
                   ownerGroup=None, jobGroup=None, date=None, printErrors=True):
        """IDs (as strings, as DIRAC answers) of the jobs matching every condition given, last updated
        on or after `date` (`yyyy-mm-dd`, default today, UTC). A value may be a list or `'A,B'`."""
        conditions = []
        for parameter, value in (("Status", status), ("MinorStatus", minorStatus),
                                 ("ApplicationStatus", applicationStatus), ("Site", site), ("Owner", owner),
                                 ("OwnerGroup", ownerGroup), ("JobGroup", jobGroup)):
            if value:
                values = value if isinstance(value, (list, tuple)) else str(value).split(",")
                conditions.append({"parameter": parameter, "operator": "in", "values": [str(v).strip() for v in values]})
        day = str(date) if date else datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
        try:
            midnight = datetime.datetime.strptime(day[:10], "%Y-%m-%d")
        except ValueError:
            return S_ERROR("Expected yyyy-mm-dd string for date, got %r" % (date,))
        since_ms = calendar.timegm(midnight.timetuple()) * 1000
        conditions.append({"parameter": "LastUpdateTime", "operator": "gt", "value": since_ms - 1})
        ids, page = [], 1
        while True:
            answer = self.client.search_jobs(conditions, [{"parameter": "JobID", "direction": "asc"}], page, 10000)
            ids.extend(str(job["JobID"]) for job in answer["jobs"])
            if not answer["jobs"] or len(ids) >= answer["total"]:
                break
            page += 1
        if not ids and printErrors:
            return S_ERROR("No jobs selected")
        return S_OK(ids)

    # ---- output ----

    @_dirac_result
    def getOutputSandbox(self, jobID, outputDir=None, oversized=True, noJobDir=False, unpack=True):
        """Downloads the output sandbox and unpacks it into `<outputDir>/<JobID>/` (default: the
        current folder). Value: the names unpacked."""
        if noJobDir or not unpack:
            return S_ERROR("getOutputSandbox unpacks into <outputDir>/<JobID>/ only (noJobDir and unpack=False "
                           "are not supported): use Client().download_output_archive for the archive")
        return S_OK(self.client.download_output(_job_ids(jobID), outputDir or os.getcwd()))

    # ---- actions ----

    @_dirac_result
    def killJob(self, jobID):
        """Kills jobs; a job already finished is left as it is (harmless, as in DIRAC). Value: the IDs killed."""
        return _action_result(self.client.kill(_job_ids(jobID, multiple=True)), "killed")

    @_dirac_result
    def deleteJob(self, jobID):
        return _action_result(self.client.delete(_job_ids(jobID, multiple=True)), "deleted")

    @_dirac_result
    def rescheduleJob(self, jobID):
        return _action_result(self.client.reschedule(_job_ids(jobID, multiple=True)), "rescheduled")


def _job_ids(jobID, multiple=False):
    """DIRAC's job argument: an int or a numeric string, or (where `multiple`) a list of them."""
    try:
        if isinstance(jobID, (list, tuple, set, dict)):
            if not multiple:
                raise BadRequestError("Expected int or string, not list")
            ids = [int(job) for job in jobID]
            if not ids:
                raise BadRequestError("Expected at least one JobID")
            return ids
        if isinstance(jobID, bool):
            raise ValueError(jobID)
        job_id = int(jobID)
    except (TypeError, ValueError):
        raise BadRequestError("Expected %sinteger or string for existing jobID, got %r"
                              % ("(list of) " if multiple else "", jobID))
    return [job_id] if multiple else job_id


def _action_result(results, done_word):
    """DIRAC's answer to kill/delete/reschedule: the IDs acted on, or an error naming the others."""
    done = [r["JobID"] for r in results if r["result"] == "done"]
    invalid = [r["JobID"] for r in results if r["result"] == "not found"]
    refused = [r["JobID"] for r in results if r["result"] == "not allowed"]
    if not invalid and not refused:
        return S_OK(done)
    reasons = "; ".join("%s: %s" % (r["JobID"], r["reason"] or r["result"]) for r in results
                        if r["result"] in ("not found", "not allowed"))
    return S_ERROR("Some jobs were not %s (%s)" % (done_word, reasons), InvalidJobIDs=invalid,
                   NonauthorizedJobIDs=refused, FailedJobIDs=invalid + refused, Value=done)


def _dirac_time(iso):
    """`2026-01-20T10:31:01.123Z` as DIRAC prints times: `2026-01-20 10:31:01` (UTC)."""
    return iso.replace("T", " ")[:19]
