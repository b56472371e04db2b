"""`Job`: DIRAC's job description API (DIRAC.Interfaces.API.Job), writing JDL that Majorana runs.

Scripts written for DIRAC keep working: the same method names, arguments and return values
(`{'OK': True, 'Value': ...}`), and bad input is recorded rather than raised, so that
`Dirac().submitJob(job)` refuses the job with every reason at once, as DIRAC does.

Where we differ from DIRAC, on purpose:
- DIRAC wraps the payload in its workflow runner (`Executable = "dirac-jobexec"` plus an XML
  description); Majorana's pilot runs `Executable` with `Arguments` directly.
- One executable per job: call `setExecutable` once (wrap several steps in a script).
- `setExecutable(exe)` puts `exe` in the input sandbox when it is a local file named relatively, as
  DIRAC does; an absolute path is a program on the worker node (ship your own scripts relatively).
- `setParameterSequence(..., addToWorkflow=True)` passes the value to the job as an environment
  variable (DIRAC passes it to its workflow runner, which we do not have).
"""

import os
import re

from . import jdl_text
from .results import S_ERROR, S_OK

LOG_LEVELS = ("DEBUG", "VERBOSE", "INFO", "WARN", "NOTICE", "ERROR", "FATAL", "ALWAYS")

# Attributes our JDL reads as lists or integers: a parameter placeholder there is written bare, so
# each job gets the parameter's own type (see libs/jdl/src/parametric/expand-parametric.ts).
_LIST_ATTRIBUTES = {"inputsandbox", "outputsandbox", "inputdata", "outputdata", "site", "bannedsites", "tags",
                    "executionenvironment"}
_INTEGER_ATTRIBUTES = {"cputime", "numberofprocessors", "minnumberofprocessors", "maxnumberofprocessors",
                       "priority", "maxram"}
_SEQUENCE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# The order attributes are written in; anything else follows in the order it was set.
_ORDER = ["Executable", "Arguments", "JobName", "JobGroup", "JobType", "Priority", "LogLevel", "StdOutput",
          "StdError", "InputSandbox", "OutputSandbox", "InputData", "OutputData", "OutputSE", "OutputPath",
          "CPUTime", "Site", "BannedSites", "Platform", "Tags", "NumberOfProcessors", "MinNumberOfProcessors",
          "MaxNumberOfProcessors", "ExecutionEnvironment"]


class Job:
    """A job to submit with `Dirac().submitJob(job)`.

    :param script: unused (DIRAC's workflow XML); kept so DIRAC scripts construct Jobs unchanged
    :param stdout: the file standard output goes to, returned in the output sandbox. Default std.out
    :param stderr: the same for standard error. Default std.err
    """

    def __init__(self, script=None, stdout="std.out", stderr="std.err"):
        self.script = script
        self.stdout = stdout
        self.stderr = stderr
        self.errorDict = {}
        self._attributes = {}
        self._executable_set = False
        self._add_to_input_sandbox = []
        self._sequences = {}
        self._sequences_to_environment = {}
        self._set("JobType", "User")
        self._set("Priority", 1)
        self._set("LogLevel", "INFO")

    # ---- DIRAC's setters ----

    def setExecutable(self, executable, arguments="", logFile="", modulesList=None, parameters=None,
                      paramValues=None):
        """The program to run and its arguments (`%(name)s`, `%n` and `%j` placeholders allowed).

        A relative local file (`runstuff.sh`, or the first word of `runstuff.sh input.txt`) is added
        to the input sandbox. `logFile`, when given, receives standard output (DIRAC's step log).
        """
        if not all(isinstance(value, str) for value in (executable, arguments, logFile)):
            return self._reportError("Expected strings for executable and arguments", executable=executable,
                                     arguments=arguments)
        if not executable.strip():
            return self._reportError("Expected a non-empty executable", executable=executable)
        if self._executable_set:
            return self._reportError(
                "Majorana runs one executable per job: put the steps in one script and set that",
                executable=executable,
            )
        self._executable_set = True
        local = _local_script(executable)
        if local is not None:
            self._add_to_input_sandbox.append(local)
        self._set("Executable", executable)
        if arguments:
            self._set("Arguments", arguments)
        if logFile:
            self.stdout = logFile
        return S_OK()

    def setName(self, jobName):
        if not isinstance(jobName, str):
            return self._reportError("Expected strings for job name", jobname=jobName)
        return self._set("JobName", jobName)

    def setInputSandbox(self, files):
        """Local files and patterns (relative to the folder you submit from), `LFN:` and `SB:` entries."""
        files = _string_list(files)
        if files is None:
            return self._reportError("Expected file string or list of files for input sandbox contents", files=files)
        return self._set("InputSandbox", files)

    def setOutputSandbox(self, files):
        files = _string_list(files)
        if files is None:
            return self._reportError("Expected file string or list of files for output sandbox contents", files=files)
        return self._set("OutputSandbox", files)

    def setInputData(self, lfns):
        if isinstance(lfns, list) and lfns:
            if not all(isinstance(lfn, str) for lfn in lfns):
                return self._reportError("Expected lfn string or list of lfns for input data", lfns=lfns)
            return self._set("InputData", ["LFN:" + lfn.replace("LFN:", "") for lfn in lfns])
        if isinstance(lfns, str):
            return self._set("InputData", [lfn for lfn in lfns.split(";") if lfn])
        return self._reportError("Expected lfn string or list of lfns for input data", lfns=lfns)

    def setOutputData(self, lfns, outputSE=None, outputPath=""):
        files = _string_list(lfns)
        if files is None:
            return self._reportError("Expected file name string or list of file names for output data", lfns=lfns)
        self._set("OutputData", files)
        if outputSE:
            self._set("OutputSE", ";".join(outputSE) if isinstance(outputSE, list) else str(outputSE))
        if outputPath:
            self._set("OutputPath", outputPath.lstrip("/"))
        return S_OK()

    def setCPUTime(self, timeInSecs):
        """CPU time the job needs, in (normalised) seconds."""
        try:
            seconds = int(timeInSecs)
        except (TypeError, ValueError):
            return self._reportError("Expected numerical string or int for CPU time in seconds", timeInSecs=timeInSecs)
        return self._set("CPUTime", seconds)

    def setDestination(self, destination):
        """The site or sites the job may run at (`'LCG.CERN.cern'`, `'A,B'` or a list); ANY for all."""
        if isinstance(destination, str):
            destination = destination.replace(" ", "").split(",")
        if not isinstance(destination, list) or not all(isinstance(site, str) for site in destination):
            return self._reportError("Invalid destination site, expected string or list", destination=destination)
        sites = _unique([site for site in destination if site.lower() not in ("any", "")])
        if sites:
            self._set("Site", sites)
        else:
            self._attributes.pop("Site", None)
        return S_OK()

    def setBannedSites(self, sites):
        if isinstance(sites, str):
            sites = [site for site in sites.replace(" ", "").split(",") if site]
        if not isinstance(sites, list) or not all(isinstance(site, str) for site in sites):
            return self._reportError("Expected site string or list of sites", sites=sites)
        return self._set("BannedSites", sites)

    def setPlatform(self, platform):
        if not isinstance(platform, str):
            return self._reportError("Expected string for platform", platform=platform)
        if platform.lower() != "any":
            self._set("Platform", platform)
        return S_OK()

    def setTag(self, tags):
        if isinstance(tags, str):
            tags = [tags]
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            return self._reportError("Expected string or list for job tags", tags=tags)
        return self._set("Tags", tags)

    def setNumberOfProcessors(self, numberOfProcessors=None, minNumberOfProcessors=None, maxNumberOfProcessors=None):
        """Processors the job uses: exactly `numberOfProcessors`, or between the min and max (DIRAC's rules)."""
        for value in (numberOfProcessors, minNumberOfProcessors, maxNumberOfProcessors):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                return self._reportError("Expected positive integers for processors", numberOfProcessors=value)
        if numberOfProcessors:
            processors = max(numberOfProcessors, minNumberOfProcessors or 0)
            if processors > 1:
                self._set("NumberOfProcessors", processors)
                self._set("MaxNumberOfProcessors", processors)
            return S_OK()
        if maxNumberOfProcessors and not minNumberOfProcessors:
            minNumberOfProcessors = 1
        if minNumberOfProcessors and maxNumberOfProcessors and minNumberOfProcessors >= maxNumberOfProcessors:
            minNumberOfProcessors = maxNumberOfProcessors
        if minNumberOfProcessors and minNumberOfProcessors == maxNumberOfProcessors and minNumberOfProcessors > 1:
            self._set("NumberOfProcessors", minNumberOfProcessors)
            self._set("MaxNumberOfProcessors", minNumberOfProcessors)
            return S_OK()
        if minNumberOfProcessors:
            self._set("MinNumberOfProcessors", minNumberOfProcessors)
        if maxNumberOfProcessors:
            self._set("MaxNumberOfProcessors", maxNumberOfProcessors)
        return S_OK()

    def setParameterSequence(self, name, parameterList, addToWorkflow=False):
        """One value per job: the job is submitted as len(parameterList) jobs (a parametric job).

        Use the value as `%(name)s` in any string (Arguments, JobName...). When `name` is an attribute
        already set (`InputData`, `CPUTime`, `JobName`...), each job gets its own value of it (list
        attributes are extended). `addToWorkflow=True` (or a variable name) also sets it in the job's
        environment. All sequences must have the same length.
        """
        if not isinstance(name, str) or not _SEQUENCE_NAME.match(name):
            return self._reportError("Expected a parameter name of letters, digits and _", name=name)
        if not isinstance(parameterList, (list, tuple)) or not parameterList:
            return self._reportError("Expected a non-empty list of parameter values", name=name)
        lengths = {len(values) for values in self._sequences.values()}
        if lengths and len(parameterList) not in lengths:
            return self._reportError("Parameter sequences of different length", name=name)
        self._sequences[name] = list(parameterList)
        if addToWorkflow:
            variable = addToWorkflow if isinstance(addToWorkflow, str) else name
            if not _ENV_NAME.match(variable):
                return self._reportError("Expected an environment variable name for addToWorkflow", name=variable)
            self._sequences_to_environment[name] = variable
        return S_OK()

    def setJobGroup(self, jobGroup):
        if not isinstance(jobGroup, str):
            return self._reportError("Expected string for job group name", jobGroup=jobGroup)
        return self._set("JobGroup", jobGroup)

    def setPriority(self, priority):
        """The job's priority among your own jobs, 0 (lowest) to 10. Default 1."""
        if isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 10:
            return self._reportError("Expected an integer priority from 0 to 10", priority=priority)
        return self._set("Priority", priority)

    def setExecutionEnv(self, environmentDict):
        """Environment variables set for the job, e.g. `{'MYVAR': 3}`."""
        if not isinstance(environmentDict, dict):
            return self._reportError("Expected dictionary of environment variables", environmentDict=environmentDict)
        settings = []
        for name, value in environmentDict.items():
            if not _ENV_NAME.match(str(name)):
                return self._reportError("Expected environment variable names of letters, digits and _", name=name)
            settings.append("%s=%s" % (name, value))
        if settings:
            self._set("ExecutionEnvironment", settings)
        return S_OK()

    def setLogLevel(self, logLevel):
        if not isinstance(logLevel, str):
            return self._reportError("Expected string for logging level", logLevel=logLevel)
        if logLevel.upper() not in LOG_LEVELS:
            return self._reportError('Error Level "%s" not valid' % logLevel, logLevel=logLevel)
        return self._set("LogLevel", logLevel.upper())

    def setType(self, jobType):
        if not isinstance(jobType, str):
            return self._reportError("Expected string for job type", jobType=jobType)
        return self._set("JobType", jobType)

    def _addJDLParameter(self, name, value):
        """Developer function: any JDL attribute (strings, numbers, booleans, lists of them)."""
        try:
            jdl_text.format_value(value)
        except TypeError as error:
            return self._reportError(str(error), name=name)
        return self._set(name, value)

    # ---- the JDL ----

    def _toJDL(self, xmlFile="", jobDescriptionObject=None):
        """The job as JDL text, as Majorana's server takes it."""
        attributes = dict(self._attributes)
        attributes["StdOutput"] = self.stdout
        attributes["StdError"] = self.stderr
        attributes["OutputSandbox"] = _unique(list(attributes.get("OutputSandbox", [])) + [self.stderr, self.stdout])
        if self._add_to_input_sandbox:
            attributes["InputSandbox"] = _unique(list(attributes.get("InputSandbox", [])) + self._add_to_input_sandbox)
        lines = []
        texts = {name: jdl_text.format_value(value) for name, value in attributes.items()}
        if self._sequences:
            self._write_sequences(attributes, texts)
        names = [name for name in _ORDER if name in texts] + [name for name in texts if name not in _ORDER]
        for name in names:
            lines.append("    %s = %s;" % (name, texts[name]))
        return "\n".join(lines) + "\n"

    def _write_sequences(self, attributes, texts):
        """DIRAC's parametric form: `Parameters = N; Parameters.name = {...}` and placeholders."""
        lowered = {name.lower(): name for name in attributes}
        for name, values in self._sequences.items():
            placeholder = "%%(%s)s" % name
            existing = lowered.get(name.lower())
            if existing is None:
                # A new attribute of that name, as DIRAC adds: the job can read its own value.
                texts[name] = placeholder
            elif existing.lower() == "inputsandbox":
                texts[existing] = jdl_text.format_value(list(attributes[existing]) + [placeholder])
            elif existing.lower() in _LIST_ATTRIBUTES:
                current = list(attributes[existing])
                values = [current + (value if isinstance(value, list) else [value]) for value in values]
                texts[existing] = placeholder
            elif existing.lower() in _INTEGER_ATTRIBUTES:
                texts[existing] = placeholder
            else:
                texts[existing] = jdl_text.quote(placeholder)
            texts["Parameters.%s" % name] = jdl_text.format_value(values)
        environment = list(attributes.get("ExecutionEnvironment", []))
        for name, variable in self._sequences_to_environment.items():
            environment.append("%s=%%(%s)s" % (variable, name))
        if environment:
            texts["ExecutionEnvironment"] = jdl_text.format_value(environment)
        texts["Parameters"] = str(len(next(iter(self._sequences.values()))))

    def _reportError(self, message, name=None, **kwargs):
        """Records a formulation error (DIRAC's behaviour): submitJob then refuses the job with it."""
        method = _caller_name()
        self.errorDict.setdefault(method, []).append(message)
        return S_ERROR(message)

    def _set(self, name, value):
        self._attributes[name] = value
        return S_OK()


def _caller_name():
    import inspect

    frame = inspect.currentframe()
    try:
        return frame.f_back.f_back.f_code.co_name
    finally:
        del frame


def _local_script(executable):
    """The relative local file `executable` names (whole, or its first word), or None."""
    candidates = [executable]
    words = executable.split()
    if len(words) > 1:
        candidates.append(words[0])
    for candidate in candidates:
        if not os.path.isabs(candidate) and os.path.isfile(candidate):
            return os.path.normpath(candidate).replace(os.sep, "/")
    return None


def _string_list(files):
    if isinstance(files, str):
        return [name for name in files.split(";") if name]
    if isinstance(files, list) and all(isinstance(name, str) for name in files):
        return list(files)
    return None


def _unique(items):
    seen, kept = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            kept.append(item)
    return kept
