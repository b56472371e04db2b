import os
import unittest

from majorana import Job, jdl_text
from support import TempDirTestCase


def attributes(job):
    return jdl_text.to_dict(job._toJDL())


class JobJdlTest(TempDirTestCase):
    def test_the_seed_job_runs_its_script_directly_and_ships_it_in_the_input_sandbox(self):
        self.write("runstuff.sh", "#!/bin/sh\n", 0o755)
        self.write("inputfile.txt", "muon\n")
        self.chdir(self.tmp)
        job = Job()
        self.assertEqual(job.setExecutable("runstuff.sh", arguments="inputfile.txt"), {"OK": True, "Value": None})
        job.setInputSandbox(["inputfile.txt"])
        jdl = attributes(job)
        self.assertEqual(jdl["Executable"], "runstuff.sh")
        self.assertEqual(jdl["Arguments"], "inputfile.txt")
        self.assertEqual(jdl["InputSandbox"], ["inputfile.txt", "runstuff.sh"])

    def test_writes_dirac_defaults_and_returns_stdout_and_stderr(self):
        job = Job()
        job.setExecutable("/bin/echo hello")
        job.setOutputSandbox("result.txt")
        jdl = attributes(job)
        self.assertEqual(jdl["StdOutput"], "std.out")
        self.assertEqual(jdl["StdError"], "std.err")
        self.assertEqual(jdl["OutputSandbox"], ["result.txt", "std.err", "std.out"])
        self.assertEqual((jdl["JobType"], jdl["Priority"], jdl["LogLevel"]), ("User", "1", "INFO"))
        self.assertNotIn("InputSandbox", jdl)

    def test_a_missing_or_absolute_executable_is_not_shipped(self):
        self.chdir(self.tmp)
        job = Job()
        job.setExecutable("/bin/echo")
        self.assertNotIn("InputSandbox", attributes(job))

    def test_every_setter_lands_in_the_jdl(self):
        job = Job(stdout="out.log", stderr="err.log")
        job.setExecutable("analyse", arguments="--fast")
        job.setName("my job")
        job.setInputData(["/vo/data/a.root", "LFN:/vo/data/b.root"])
        job.setCPUTime("3600")
        job.setDestination("LCG.A.fr, LCG.B.fr")
        job.setBannedSites(["LCG.C.fr"])
        job.setPlatform("EL9")
        job.setTag(["GPU", "8GB"])
        job.setNumberOfProcessors(4)
        job.setJobGroup("campaign")
        job.setPriority(5)
        job.setExecutionEnv({"MODE": "fast", "N": 3})
        job.setLogLevel("debug")
        self.assertEqual(job.errorDict, {})
        jdl = attributes(job)
        self.assertEqual(jdl["JobName"], "my job")
        self.assertEqual(jdl["InputData"], ["LFN:/vo/data/a.root", "LFN:/vo/data/b.root"])
        self.assertEqual(jdl["CPUTime"], "3600")
        self.assertEqual(jdl["Site"], ["LCG.A.fr", "LCG.B.fr"])
        self.assertEqual(jdl["BannedSites"], ["LCG.C.fr"])
        self.assertEqual(jdl["Platform"], "EL9")
        self.assertEqual(jdl["Tags"], ["GPU", "8GB"])
        self.assertEqual((jdl["NumberOfProcessors"], jdl["MaxNumberOfProcessors"]), ("4", "4"))
        self.assertEqual(jdl["JobGroup"], "campaign")
        self.assertEqual(jdl["Priority"], "5")
        self.assertEqual(jdl["ExecutionEnvironment"], ["MODE=fast", "N=3"])
        self.assertEqual(jdl["LogLevel"], "DEBUG")
        self.assertEqual(jdl["OutputSandbox"], ["err.log", "out.log"])

    def test_quotes_and_backslashes_survive_the_round_trip(self):
        job = Job()
        job.setExecutable("/bin/sh", arguments='-c "echo \\"hi\\"\ttab"')
        self.assertEqual(attributes(job)["Arguments"], '-c "echo \\"hi\\"\ttab"')

    def test_processor_ranges_follow_dirac(self):
        job = Job()
        job.setNumberOfProcessors(minNumberOfProcessors=2, maxNumberOfProcessors=8)
        jdl = attributes(job)
        self.assertEqual((jdl["MinNumberOfProcessors"], jdl["MaxNumberOfProcessors"]), ("2", "8"))
        self.assertNotIn("NumberOfProcessors", jdl)
        single = Job()
        single.setNumberOfProcessors(1)
        self.assertNotIn("NumberOfProcessors", attributes(single))
        exact = Job()
        exact.setNumberOfProcessors(minNumberOfProcessors=6, maxNumberOfProcessors=4)
        self.assertEqual(attributes(exact)["NumberOfProcessors"], "4")

    def test_any_destination_means_no_site(self):
        job = Job()
        job.setDestination("ANY")
        self.assertNotIn("Site", attributes(job))

    def test_bad_input_is_recorded_per_method_not_raised(self):
        job = Job()
        self.assertFalse(job.setCPUTime("two hours")["OK"])
        self.assertFalse(job.setLogLevel("chatty")["OK"])
        self.assertFalse(job.setPriority(11)["OK"])
        self.assertFalse(job.setExecutionEnv({"BAD NAME": 1})["OK"])
        self.assertFalse(job.setInputSandbox(42)["OK"])
        job.setExecutable("a.sh")
        self.assertFalse(job.setExecutable("b.sh")["OK"])
        self.assertEqual(
            sorted(job.errorDict),
            ["setCPUTime", "setExecutable", "setExecutionEnv", "setInputSandbox", "setLogLevel", "setPriority"],
        )


class ParameterSequenceTest(unittest.TestCase):
    def expanded(self, job):
        return attributes(job)

    def test_a_sequence_becomes_dirac_parametric_attributes(self):
        job = Job()
        job.setExecutable("/bin/echo", arguments="value %(n)s index %n")
        job.setParameterSequence("n", ["a", "b", "c"])
        jdl = self.expanded(job)
        self.assertEqual(jdl["Parameters"], "3")
        self.assertEqual(jdl["Parameters.n"], ["a", "b", "c"])
        self.assertEqual(jdl["Arguments"], "value %(n)s index %n")
        # The job can read its own value as an attribute, as in DIRAC.
        self.assertEqual(jdl["n"], "%(n)s")

    def test_a_sequence_named_after_an_attribute_gives_each_job_its_value(self):
        job = Job()
        job.setExecutable("run")
        job.setInputData(["/vo/common.root"])
        job.setParameterSequence("InputData", ["/vo/a.root", ["/vo/b.root", "/vo/c.root"]])
        job.setName("base")
        job.setParameterSequence("JobName", ["one", "two"])
        job.setCPUTime(100)
        job.setParameterSequence("CPUTime", [100, 200])
        text = job._toJDL()
        self.assertIn("InputData = %(InputData)s;", text)  # bare: each job gets a list
        self.assertIn('JobName = "%(JobName)s";', text)  # quoted: a string attribute
        self.assertIn("CPUTime = %(CPUTime)s;", text)  # bare: an integer
        self.assertEqual(
            jdl_text.to_dict(text)["Parameters.InputData"],
            [["LFN:/vo/common.root", "/vo/a.root"], ["LFN:/vo/common.root", "/vo/b.root", "/vo/c.root"]],
        )

    def test_add_to_workflow_puts_the_value_in_the_environment(self):
        job = Job()
        job.setExecutable("run")
        job.setExecutionEnv({"A": "1"})
        job.setParameterSequence("seed", [1, 2], addToWorkflow=True)
        job.setParameterSequence("energy", [5, 6], addToWorkflow="BEAM_ENERGY")
        self.assertEqual(self.expanded(job)["ExecutionEnvironment"], ["A=1", "seed=%(seed)s", "BEAM_ENERGY=%(energy)s"])

    def test_sequences_of_different_lengths_are_refused(self):
        job = Job()
        job.setParameterSequence("a", [1, 2])
        self.assertFalse(job.setParameterSequence("b", [1, 2, 3])["OK"])
        self.assertFalse(job.setParameterSequence("bad name", [1, 2])["OK"])
        self.assertEqual(list(job.errorDict), ["setParameterSequence"])


if __name__ == "__main__":
    unittest.main()
