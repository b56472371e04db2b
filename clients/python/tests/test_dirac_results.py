"""Dirac's DIRAC-shaped answers, over a fake transport (the real server is in test_real_server.py)."""

import os
import tarfile
import unittest

from majorana import Client, Dirac, Job, NotFoundError, ServerUnreachableError
from support import FakeTransport, TempDirTestCase

RUNNING = {"JobID": 7, "Status": "Running", "MinorStatus": "Application", "ApplicationStatus": "Unknown",
           "Site": "LCG.Test.org", "Owner": "ana"}


def dirac_with(answers):
    transport = FakeTransport(answers)
    return Dirac(client=Client(transport=transport)), transport


class DiracResultsTest(TempDirTestCase):
    def test_submit_answers_an_int_and_a_list_for_a_parametric_job(self):
        dirac, transport = dirac_with({("POST", "/api/jobs"): {"jobIds": [11], "warnings": []}})
        job = Job()
        job.setExecutable("/bin/true")
        self.assertEqual(dirac.submitJob(job), {"OK": True, "Value": 11, "JobID": 11})
        transport.answers[("POST", "/api/jobs")] = {"jobIds": [12, 13], "warnings": []}
        job.setParameterSequence("n", [1, 2])
        self.assertEqual(dirac.submitJob(job)["Value"], [12, 13])

    def test_submit_uploads_local_files_and_names_the_sandbox_instead(self):
        self.write("runstuff.sh", "#!/bin/sh\n", 0o755)
        self.write("inputfile.txt", "x\n")
        self.chdir(self.tmp)
        dirac, transport = dirac_with({("POST", "/api/jobs"): {"jobIds": [5], "warnings": []}})
        job = Job()
        job.setExecutable("runstuff.sh", arguments="inputfile.txt")
        job.setInputSandbox(["inputfile.txt", "LFN:/vo/big.root"])
        self.assertTrue(dirac.submitJob(job)["OK"])
        uploads = [r for r in transport.requests if r[0] == "UPLOAD"]
        self.assertEqual(len(uploads), 1)
        submitted = transport.requests[-1][2]["jdl"]
        self.assertIn('InputSandbox = { "SB:sha256:%s", "LFN:/vo/big.root" };' % uploads[0][2], submitted)

    def test_a_job_with_recorded_errors_is_refused_before_any_request(self):
        dirac, transport = dirac_with({})
        job = Job()
        job.setCPUTime("two hours")
        result = dirac.submitJob(job)
        self.assertFalse(result["OK"])
        self.assertIn("setCPUTime", result["Message"])
        self.assertEqual(transport.requests, [])

    def test_a_missing_input_file_is_an_error_not_a_job_without_it(self):
        self.chdir(self.tmp)
        dirac, _ = dirac_with({})
        result = dirac.submitJob('Executable = "x"; InputSandbox = {"nothere.txt"};')
        self.assertEqual(result["OK"], False)
        self.assertIn("nothere.txt", result["Message"])

    def test_status_is_keyed_by_int_job_id_with_dirac_keys(self):
        dirac, transport = dirac_with({("POST", "/api/jobs/search"): {"jobs": [RUNNING], "total": 1}})
        self.assertEqual(
            dirac.getJobStatus("7"),
            {"OK": True, "Value": {7: {"Status": "Running", "MinorStatus": "Application",
                                       "ApplicationStatus": "Unknown", "Site": "LCG.Test.org"}}},
        )
        self.assertEqual(transport.requests[0][2]["search"], [{"parameter": "JobID", "operator": "in", "values": [7]}])

    def test_logging_rows_are_dirac_tuples(self):
        dirac, _ = dirac_with({("GET", "/api/jobs/7/logging"): [
            {"Status": "Received", "MinorStatus": "Job accepted", "ApplicationStatus": "Unknown",
             "StatusTime": "2026-01-20T10:31:01.123Z", "Source": "JobManager"}]})
        self.assertEqual(dirac.getJobLoggingInfo(7)["Value"],
                         [("Received", "Job accepted", "Unknown", "2026-01-20 10:31:01", "JobManager")])

    def test_actions_answer_the_ids_done_and_name_the_others(self):
        results = [{"JobID": 1, "result": "done", "reason": ""}, {"JobID": 2, "result": "wrong state", "reason": "Done"}]
        dirac, _ = dirac_with({("POST", "/api/jobs/kill"): {"results": results}})
        self.assertEqual(dirac.killJob([1, 2]), {"OK": True, "Value": [1]})
        results.append({"JobID": 3, "result": "not found", "reason": "no job 3"})
        failed = dirac.killJob("1")
        self.assertFalse(failed["OK"])
        self.assertEqual(failed["InvalidJobIDs"], [3])
        self.assertIn("no job 3", failed["Message"])

    def test_select_jobs_answers_string_ids_and_an_error_when_none(self):
        dirac, transport = dirac_with({("POST", "/api/jobs/search"): {"jobs": [{"JobID": 3}, {"JobID": 4}], "total": 2}})
        self.assertEqual(dirac.selectJobs(status="Done,Failed", date="2026-01-20"), {"OK": True, "Value": ["3", "4"]})
        search = transport.requests[0][2]["search"]
        self.assertEqual(search[0], {"parameter": "Status", "operator": "in", "values": ["Done", "Failed"]})
        self.assertEqual(search[1]["parameter"], "LastUpdateTime")
        self.assertEqual(search[1]["value"], 1768867200000 - 1)
        transport.answers[("POST", "/api/jobs/search")] = {"jobs": [], "total": 0}
        self.assertEqual(dirac.selectJobs(), {"OK": False, "Message": "No jobs selected"})
        self.assertEqual(dirac.selectJobs(printErrors=False), {"OK": True, "Value": []})
        self.assertFalse(dirac.selectJobs(date="yesterday")["OK"])

    def test_jdl_is_a_dictionary(self):
        dirac, _ = dirac_with({("GET", "/api/jobs/7/jdl"): {"JobID": 7, "jdl": '[ Executable = "a"; Tags = {"x"}; CPUTime = 100; ]'}})
        self.assertEqual(dirac.getJobJDL(7)["Value"], {"Executable": "a", "Tags": ["x"], "CPUTime": "100"})

    def test_peek_before_any_heartbeat_is_not_available_yet(self):
        dirac, transport = dirac_with({("GET", "/api/jobs/7/peek"): NotFoundError("no heartbeat yet", 404),
                                       ("GET", "/api/jobs/7"): RUNNING})
        self.assertEqual(dirac.peekJob(7), {"OK": True, "Value": "Not available yet."})
        transport.answers[("GET", "/api/jobs/7")] = NotFoundError("job 7 not found", 404)
        self.assertEqual(dirac.peekJob(7), {"OK": False, "Message": "job 7 not found"})

    def test_output_is_unpacked_into_a_folder_named_after_the_job(self):
        self.write("made/std.out", "hello\n")
        archive = os.path.join(self.tmp, "out.tar.gz")
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(os.path.join(self.tmp, "made", "std.out"), "std.out")
        dirac, _ = dirac_with({("DOWNLOAD", "/api/jobs/7/output-sandbox"): archive})
        outputs = os.path.join(self.tmp, "outputs")
        self.assertEqual(dirac.getOutputSandbox(7, outputDir=outputs), {"OK": True, "Value": ["std.out"]})
        with open(os.path.join(outputs, "7", "std.out")) as handle:
            self.assertEqual(handle.read(), "hello\n")
        self.assertEqual(sorted(os.listdir(outputs)), ["7"])  # no temporary file left beside it
        again = dirac.getOutputSandbox(7, outputDir=outputs)
        self.assertFalse(again["OK"])
        self.assertIn("already exists", again["Message"])

    def test_what_is_not_a_job_is_an_error_not_an_exception(self):
        dirac, _ = dirac_with({})
        self.assertFalse(dirac.submitJob(42)["OK"])
        blocked = os.path.join(self.tmp, "file")
        self.write("file", "not a folder")
        self.assertFalse(dirac.getOutputSandbox(7, outputDir=os.path.join(blocked, "sub"))["OK"])

    def test_bad_job_ids_are_errors_not_exceptions(self):
        dirac, transport = dirac_with({})
        for bad in ("abc", None, [1, "x"], 2.5j):
            self.assertFalse(dirac.getJobStatus(bad)["OK"])
        self.assertFalse(dirac.getJobParameters([1, 2])["OK"])
        self.assertEqual(transport.requests, [])

    def test_an_unreachable_server_is_one_clear_error(self):
        dirac = Dirac(url="http://127.0.0.1:9", token="t")
        result = dirac.getJobStatus(1)
        self.assertFalse(result["OK"])
        self.assertIn("cannot reach the Majorana server at http://127.0.0.1:9", result["Message"])
        with self.assertRaises(ServerUnreachableError):
            Client(url="http://127.0.0.1:9", token="t").job(1)


if __name__ == "__main__":
    unittest.main()
