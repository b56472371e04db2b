"""HTTP with the standard library: one request, JSON or a streamed file, errors made typed.

Kept apart from `Client` so tests can hand the client another transport, and so nothing else in the
package touches the network.
"""

import hashlib
import json
import os
import socket
import urllib.error
import urllib.request

from .errors import MajoranaError, ServerUnreachableError, error_for_status

SHA256_HEADER = "X-Majorana-SHA256"
_CHUNK = 1024 * 1024


class Transport:
    """Requests to one server with one bearer token. `timeout` is in seconds, per socket operation."""

    def __init__(self, url, token, timeout=60.0):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def json(self, method, path, body=None):
        """Sends `body` as JSON (when given) and returns the parsed answer (None when empty)."""
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json"} if data is not None else {}
        with self._open(method, path, data, headers) as response:
            text = response.read().decode("utf-8")
        return json.loads(text) if text else None

    def upload(self, path, file_path, sha256):
        """POSTs a file as application/gzip with its size and sha256, streamed; returns the JSON answer."""
        size = os.path.getsize(file_path)
        headers = {"Content-Type": "application/gzip", "Content-Length": str(size), SHA256_HEADER: sha256}
        with open(file_path, "rb") as body:
            try:
                with self._open("POST", path, body, headers) as response:
                    text = response.read().decode("utf-8")
            except (BrokenPipeError, ConnectionResetError) as error:
                raise _cut_upload(size, error)
            except ServerUnreachableError as error:
                # urllib reports a connection the server closed mid-body as unreachable.
                if isinstance(error.details, (BrokenPipeError, ConnectionResetError)):
                    raise _cut_upload(size, error.details)
                raise
        return json.loads(text) if text else None

    def download(self, path, to_path):
        """Streams an answer to `to_path` (through a temporary file) and checks the sha256 the server sent."""
        partial = to_path + ".part"
        digest = hashlib.sha256()
        try:
            with self._open("GET", path, None, {"Accept": "application/gzip"}) as response:
                expected = (response.headers.get(SHA256_HEADER) or "").lower()
                with open(partial, "wb") as out:
                    for chunk in iter(lambda: response.read(_CHUNK), b""):
                        digest.update(chunk)
                        out.write(chunk)
            if expected and digest.hexdigest() != expected:
                raise MajoranaError(
                    "the download from %s was damaged: sha256 %s, the server sent %s; download it again"
                    % (path, digest.hexdigest(), expected)
                )
            os.replace(partial, to_path)
        finally:
            if os.path.exists(partial):
                os.remove(partial)
        return digest.hexdigest()

    def _open(self, method, path, data, headers):
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Accept", "application/json")
        request.add_header("Authorization", "Bearer " + self.token)
        for name, value in headers.items():
            request.add_header(name, value)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            raise _typed(error, path)
        except (urllib.error.URLError, socket.timeout, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            raise ServerUnreachableError(
                "cannot reach the Majorana server at %s (%s): is it running (majorana up)? is MAJORANA_URL right?"
                % (self.url, reason),
                details=reason,
            )


def _typed(error, path):
    """The API's error body `{statusCode, error, code, message, details?}` as a typed error."""
    try:
        body = json.loads(error.read().decode("utf-8") or "null")
    except (ValueError, OSError):
        body = None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        code = body.get("code") if isinstance(body.get("code"), str) else None
        return error_for_status(error.code, body["message"], body.get("details"), code)
    return error_for_status(error.code, "HTTP %d from %s" % (error.code, path))


def _cut_upload(size, cause):
    return MajoranaError(
        "the server closed the connection while the sandbox (%d bytes) was being sent (%s): it may be over "
        "the server's MAJORANA_MAX_SANDBOX_BYTES; ship large files through a storage element" % (size, cause)
    )
