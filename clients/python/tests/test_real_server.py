"""The client against a real Majorana server with a real pilot: jobs really run.

Runs when MAJORANA_TEST_SERVER=1, with MAJORANA_URL and MAJORANA_TOKEN naming a server that has a
pilot with at least 5 free slots (test/clients/python-client.e2e-spec.ts starts both). Each test
makes its own job group and folder.
"""

import os
import shutil
import time
import unittest
import uuid

from majorana import AuthError, Client, Dirac, InvalidJdlError, Job, NotFoundError
from support import TempDirTestCase

SEED_DIR = os.environ.get("MAJORANA_TEST_SEED_DIR") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "test", "fixtures", "jobs", "seed"
)
FINAL = ("Done", "Failed", "Killed", "Deleted")
UNKNOWN_JOB = 2_000_000_000


@unittest.skipUnless(os.environ.get("MAJORANA_TEST_SERVER") == "1", "set MAJORANA_TEST_SERVER=1 and MAJORANA_URL/TOKEN")
class RealServerTest(TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.dirac = Dirac()
        self.group = "py_" + uuid.uuid4().hex[:8]

    def ok(self, result):
        self.assertTrue(result["OK"], result.get("Message"))
        return result["Value"]

    def wait_for(self, job_id, statuses, timeout=120):
        deadline = time.monotonic() + timeout
        while True:
            status = self.ok(self.dirac.getJobStatus(job_id)).get(job_id, {})
            if status.get("Status") in statuses:
                return status
            if time.monotonic() > deadline:
                self.fail("job %s still %s after %d s, waiting for %s" % (job_id, status, timeout, statuses))
            time.sleep(0.5)

    def read(self, *parts):
        with open(os.path.join(*parts), encoding="utf-8") as handle:
            return handle.read()

    def test_the_seed_job_runs_and_its_output_comes_back(self):
        work = os.path.join(self.tmp, "submit")
        shutil.copytree(SEED_DIR, work)
        self.chdir(work)
        job = Job()
        job.setName("seed")
        job.setJobGroup(self.group)
        job.setExecutable("runstuff.sh", arguments="inputfile.txt")
        job.setInputSandbox(["inputfile.txt"])
        job.setCPUTime(10000)
        submitted = self.dirac.submitJob(job)
        job_id = self.ok(submitted)
        self.assertIsInstance(job_id, int)
        self.assertEqual(submitted["JobID"], job_id)

        status = self.wait_for(job_id, FINAL)
        self.assertEqual(status["Status"], "Done", status)
        self.assertEqual(sorted(status), ["ApplicationStatus", "MinorStatus", "Site", "Status"])

        outputs = os.path.join(self.tmp, "outputs")
        files = self.ok(self.dirac.getOutputSandbox(job_id, outputDir=outputs))
        self.assertEqual(sorted(files), ["std.err", "std.out"])
        stdout = self.read(outputs, str(job_id), "std.out")
        self.assertIn("job %d on 1 processors" % job_id, stdout)
        self.assertIn("input: inputfile.txt, 6 lines", stdout)
        self.assertIn("3 muon 12.4 GeV", stdout)
        self.assertIn("a line for stderr", self.read(outputs, str(job_id), "std.err"))
        self.assertFalse(self.dirac.getOutputSandbox(job_id, outputDir=outputs)["OK"], "the folder exists already")

        rows = self.ok(self.dirac.getJobLoggingInfo(job_id))
        self.assertEqual(rows[0][0], "Received")
        self.assertEqual(rows[-1][0], "Done")
        for row in rows:
            self.assertEqual(len(row), 5)
            self.assertRegex(row[3], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")

        self.assertEqual(self.ok(self.dirac.getJobParameters(job_id)).get("ExitCode"), "0")
        jdl = self.ok(self.dirac.getJobJDL(job_id))
        self.assertEqual(jdl["Executable"], "runstuff.sh")
        self.assertEqual(jdl["Arguments"], "inputfile.txt")
        self.assertTrue(jdl["InputSandbox"][0].startswith("SB:sha256:"), jdl["InputSandbox"])
        self.assertEqual(self.ok(self.dirac.selectJobs(jobGroup=self.group)), [str(job_id)])
        self.assertEqual(self.ok(self.dirac.selectJobs(jobGroup=self.group, status="Done")), [str(job_id)])
        self.assertFalse(self.dirac.selectJobs(jobGroup=self.group, status="Failed")["OK"])

        self.assertEqual(self.ok(self.dirac.deleteJob(job_id)), [job_id])
        self.assertEqual(self.wait_for(job_id, ("Deleted",))["Status"], "Deleted")

    def test_a_parametric_job_is_a_list_of_jobs_each_with_its_value(self):
        job = Job()
        job.setJobGroup(self.group)
        job.setName("sweep_%(particle)s")
        job.setExecutable("/bin/echo", arguments="particle %(particle)s index %n")
        job.setParameterSequence("particle", ["muon", "tau", "electron"])
        ids = self.ok(self.dirac.submitJob(job))
        self.assertIsInstance(ids, list)
        self.assertEqual(len(ids), 3)
        statuses = self.ok(self.dirac.getJobStatus(ids))
        self.assertEqual(sorted(statuses), sorted(ids))
        for job_id, (particle, index) in zip(ids, (("muon", 0), ("tau", 1), ("electron", 2))):
            self.assertEqual(self.wait_for(job_id, FINAL)["Status"], "Done")
            self.ok(self.dirac.getOutputSandbox(job_id, outputDir=self.tmp))
            self.assertEqual(self.read(self.tmp, str(job_id), "std.out"), "particle %s index %d\n" % (particle, index))
            self.assertEqual(self.ok(self.dirac.getJobJDL(job_id))["JobName"], "sweep_" + particle)

        # A finished job can be run again.
        self.assertEqual(self.ok(self.dirac.rescheduleJob(ids[0])), [ids[0]])
        self.assertEqual(self.wait_for(ids[0], FINAL)["Status"], "Done")
        history = [row[0] for row in self.ok(self.dirac.getJobLoggingInfo(ids[0]))]
        self.assertIn("Rescheduled", history)

    def test_a_sleeping_job_is_killed(self):
        job = Job()
        job.setJobGroup(self.group)
        job.setExecutable("/bin/sh", arguments="-c 'echo started; exec sleep 120'")
        job_id = self.ok(self.dirac.submitJob(job))
        self.wait_for(job_id, ("Running",) + FINAL)
        self.assertIsInstance(self.ok(self.dirac.peekJob(job_id)), str)
        self.assertEqual(self.ok(self.dirac.killJob(job_id)), [job_id])
        self.assertEqual(self.wait_for(job_id, FINAL)["Status"], "Killed")
        # Killing it again is harmless, as in DIRAC.
        self.assertEqual(self.ok(self.dirac.killJob([job_id])), [])

    def test_errors_are_dirac_results_and_typed_exceptions(self):
        self.assertEqual(self.ok(self.dirac.getJobStatus(UNKNOWN_JOB)), {})
        for result in (self.dirac.getJobJDL(UNKNOWN_JOB), self.dirac.getJobLoggingInfo(UNKNOWN_JOB),
                       self.dirac.getJobParameters(UNKNOWN_JOB), self.dirac.peekJob(UNKNOWN_JOB),
                       self.dirac.getOutputSandbox(UNKNOWN_JOB, outputDir=self.tmp)):
            self.assertFalse(result["OK"])
            self.assertTrue(result["Message"])
        killed = self.dirac.killJob([UNKNOWN_JOB])
        self.assertFalse(killed["OK"])
        self.assertEqual(killed["InvalidJobIDs"], [UNKNOWN_JOB])

        refused = self.dirac.submitJob('Executable = "run.sh";\nCPUTime = "two hours";')
        self.assertFalse(refused["OK"])
        self.assertIn("CPUTime", refused["Message"])
        bad = Job()
        bad.setExecutable("/bin/true")
        bad.setCPUTime(5)  # below the server's minimum: only the server knows
        self.assertIn("CPUTime", self.dirac.submitJob(bad)["Message"])
        self.chdir(self.tmp)
        missing = Job()
        missing.setExecutable("/bin/true")
        missing.setInputSandbox(["not-here.txt"])
        self.assertIn("not-here.txt", self.dirac.submitJob(missing)["Message"])

        client = Client()
        with self.assertRaises(InvalidJdlError) as caught:
            client.submit('Executable = "run.sh";\nCPUTime = "two hours";')
        self.assertEqual(caught.exception.line, 2)
        with self.assertRaises(NotFoundError) as caught:
            client.job(UNKNOWN_JOB)
        self.assertEqual(caught.exception.code, "JOB_NOT_FOUND")
        with self.assertRaises(AuthError):
            Client(url=client.url, token="not-a-token").job(1)
        self.assertFalse(Dirac(url=client.url, token="not-a-token").getJobStatus(1)["OK"])


if __name__ == "__main__":
    unittest.main()
