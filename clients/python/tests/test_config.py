import json
import os
import unittest

from majorana import ConfigError
from majorana.config import DEFAULT_URL, majorana_home, settings_from_env
from support import TempDirTestCase


class ConfigTest(TempDirTestCase):
    def env(self, **values):
        return dict({"MAJORANA_HOME": self.tmp}, **values)

    def test_the_environment_comes_first(self):
        self.write("admin.token", "admin\n")
        settings = settings_from_env(environ=self.env(MAJORANA_URL="http://h:1/", MAJORANA_TOKEN=" tok "))
        self.assertEqual(settings, ("http://h:1", "tok"))

    def test_then_the_saved_login_then_the_admin_token_of_majorana_up(self):
        self.write("admin.token", "admin\n")
        self.assertEqual(settings_from_env(environ=self.env()), (DEFAULT_URL, "admin"))
        self.write("credentials.json", json.dumps({"url": "http://saved:8440", "token": "saved-token"}))
        self.assertEqual(settings_from_env(environ=self.env()), ("http://saved:8440", "saved-token"))

    def test_no_token_anywhere_says_where_to_get_one(self):
        with self.assertRaisesRegex(ConfigError, "MAJORANA_TOKEN.*majorana login.*admin.token"):
            settings_from_env(environ=self.env())

    def test_a_broken_credentials_file_is_reported(self):
        self.write("credentials.json", "{not json")
        with self.assertRaisesRegex(ConfigError, "credentials.json"):
            settings_from_env(environ=self.env(MAJORANA_TOKEN="t"))

    def test_home_defaults_to_dot_majorana(self):
        self.assertEqual(majorana_home({}), os.path.join(os.path.expanduser("~"), ".majorana"))
        self.assertEqual(majorana_home({"MAJORANA_HOME": self.tmp}), self.tmp)


if __name__ == "__main__":
    unittest.main()
