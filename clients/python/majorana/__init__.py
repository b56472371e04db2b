"""Majorana's Python client: DIRAC's `Job` and `Dirac` API, and a plain `Client`.

    from majorana import Job, Dirac

    job = Job()
    job.setExecutable("runstuff.sh", arguments="inputfile.txt")
    job.setInputSandbox(["inputfile.txt"])
    result = Dirac().submitJob(job)      # {'OK': True, 'Value': 1234}

Standard library only; Python 3.9 or later. The server and token come from MAJORANA_URL and
MAJORANA_TOKEN, else from `majorana login` or `majorana up` (see majorana/config.py).
"""

from .client import Client, UploadedSandbox
from .dirac import Dirac
from .errors import (
    AuthError,
    BadRequestError,
    ConfigError,
    ConflictError,
    InvalidJdlError,
    MajoranaError,
    NotFoundError,
    PermissionDeniedError,
    SandboxError,
    SandboxTooLargeError,
    ServerError,
    ServerUnreachableError,
)
from .job import Job
from .results import S_ERROR, S_OK

__version__ = "0.1.0"

__all__ = [
    "AuthError",
    "BadRequestError",
    "Client",
    "ConfigError",
    "ConflictError",
    "Dirac",
    "InvalidJdlError",
    "Job",
    "MajoranaError",
    "NotFoundError",
    "PermissionDeniedError",
    "S_ERROR",
    "S_OK",
    "SandboxError",
    "SandboxTooLargeError",
    "ServerError",
    "ServerUnreachableError",
    "UploadedSandbox",
]
