"""The client's typed errors: one class per thing a caller may want to handle differently.

Every message says what to do next. `Dirac` turns them into DIRAC's `{'OK': False, 'Message': ...}`;
`Client` raises them.
"""


class MajoranaError(Exception):
    """Any failure of the client. `status_code` is the HTTP status, 0 when no server answered; `code` the
    server's own error code (UPPER_SNAKE, e.g. JOB_NOT_FOUND) when it answered with one, else None."""

    def __init__(self, message, status_code=0, details=None, code=None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.details = details
        self.code = code

    def __str__(self):
        return self.message


class ConfigError(MajoranaError):
    """The client cannot tell which server or token to use (MAJORANA_URL, MAJORANA_TOKEN)."""


class ServerUnreachableError(MajoranaError):
    """No answer from the server: it is not running, or MAJORANA_URL is wrong."""


class AuthError(MajoranaError):
    """The token is missing, expired, revoked or not one of this server's (HTTP 401)."""


class PermissionDeniedError(AuthError):
    """The token is valid but its group may not do this (HTTP 403)."""


class NotFoundError(MajoranaError):
    """No such job (or none you may see), or it has no such sandbox yet (HTTP 404)."""


class BadRequestError(MajoranaError):
    """The server refused the request as malformed (HTTP 400)."""


class InvalidJdlError(BadRequestError):
    """The JDL is wrong; `line` and `column` say where when the server could tell."""

    @property
    def line(self):
        return self.details.get("line") if isinstance(self.details, dict) else None

    @property
    def column(self):
        return self.details.get("column") if isinstance(self.details, dict) else None


class ConflictError(MajoranaError):
    """The job is not in a state that allows this now (HTTP 409)."""


class SandboxTooLargeError(MajoranaError):
    """A sandbox over the server's MAJORANA_MAX_SANDBOX_BYTES (HTTP 413)."""


class SandboxError(MajoranaError):
    """A sandbox this side refused: a missing or unsafe input file, or an unsafe or damaged archive."""


class ServerError(MajoranaError):
    """The server failed (HTTP 5xx): its log has the details."""


def error_for_status(status_code, message, details=None, code=None):
    """The typed error for an HTTP answer that is not a success, with the server's `code` if it sent one."""
    error = _error_for_status(status_code, message, details)
    error.code = code
    return error


def _error_for_status(status_code, message, details):
    if status_code == 400:
        if _is_jdl_error(details):
            return InvalidJdlError(message, status_code, details)
        return BadRequestError(message, status_code, details)
    if status_code == 401:
        return AuthError(
            message + " (get a new token: `majorana login`, or set MAJORANA_TOKEN)", status_code, details
        )
    if status_code == 403:
        return PermissionDeniedError(message, status_code, details)
    if status_code == 404:
        return NotFoundError(message, status_code, details)
    if status_code == 409:
        return ConflictError(message, status_code, details)
    if status_code == 413:
        return SandboxTooLargeError(message, status_code, details)
    if status_code >= 500:
        return ServerError(message, status_code, details)
    return MajoranaError(message, status_code, details)


def _is_jdl_error(details):
    """The server sends a JDL error as details {code: 'JDL_...', file, line, column, message}."""
    return isinstance(details, dict) and str(details.get("code", "")).startswith("JDL_")
