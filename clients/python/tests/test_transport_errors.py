"""Typed errors from real HTTP answers, served by a throwaway local HTTP server."""

import json
import threading
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer

from majorana import (AuthError, BadRequestError, Client, ConflictError, InvalidJdlError, NotFoundError,
                      PermissionDeniedError, SandboxTooLargeError, ServerError)

ANSWERS = {
    "/jdl": (400, {"statusCode": 400, "message": "jdl:1:14: CPUTime must be an integer",
                   "details": {"code": "JDL_INVALID_VALUE", "line": 1, "column": 14}}),
    "/bad": (400, {"statusCode": 400, "message": "jobIds must be an array"}),
    "/401": (401, {"statusCode": 401, "message": "the token has expired"}),
    "/403": (403, {"statusCode": 403, "message": "you may not"}),
    "/404": (404, {"statusCode": 404, "code": "JOB_NOT_FOUND", "message": "job 9 not found"}),
    "/409": (409, {"statusCode": 409, "message": "not now"}),
    "/413": (413, {"statusCode": 413, "message": "too large"}),
    "/500": (500, "not json at all"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, body = ANSWERS.get(self.path, (200, {"ok": True, "auth": self.headers.get("Authorization")}))
        data = (json.dumps(body) if not isinstance(body, str) else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


class TransportErrorsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = HTTPServer(("127.0.0.1", 0), _Handler)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        cls.client = Client(url="http://127.0.0.1:%d/" % cls.server.server_port, token="secret")

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def get(self, path):
        return self.client._http.json("GET", path)

    def test_sends_the_bearer_token(self):
        self.assertEqual(self.get("/anything"), {"ok": True, "auth": "Bearer secret"})

    def test_each_status_is_its_own_error(self):
        for path, error in (("/bad", BadRequestError), ("/401", AuthError), ("/403", PermissionDeniedError),
                            ("/404", NotFoundError), ("/409", ConflictError), ("/413", SandboxTooLargeError),
                            ("/500", ServerError)):
            with self.assertRaises(error, msg=path) as caught:
                self.get(path)
            self.assertEqual(caught.exception.status_code, int(ANSWERS[path][0]))

    def test_the_servers_code_comes_with_the_error(self):
        with self.assertRaises(NotFoundError) as caught:
            self.get("/404")
        self.assertEqual(caught.exception.code, "JOB_NOT_FOUND")
        with self.assertRaises(ConflictError) as caught:
            self.get("/409")
        self.assertIsNone(caught.exception.code)

    def test_a_jdl_error_carries_its_place(self):
        with self.assertRaises(InvalidJdlError) as caught:
            self.get("/jdl")
        self.assertEqual((caught.exception.line, caught.exception.column), (1, 14))
        self.assertIn("CPUTime must be an integer", str(caught.exception))

    def test_an_expired_token_says_how_to_get_another(self):
        with self.assertRaisesRegex(AuthError, "majorana login"):
            self.get("/401")


if __name__ == "__main__":
    unittest.main()
