"""Which server and token the client uses, read once, the way the `majorana` command line reads them.

- URL: `MAJORANA_URL`, else the `url` of `$MAJORANA_HOME/credentials.json` (written by `majorana
  login`), else http://127.0.0.1:8440 (the server `majorana up` starts).
- Token: `MAJORANA_TOKEN`, else the `token` of `credentials.json`, else the administrator's token that
  `majorana up` wrote to `$MAJORANA_HOME/admin.token`.
- `MAJORANA_HOME` defaults to `~/.majorana`.
"""

import json
import os
from collections import namedtuple

from .errors import ConfigError

DEFAULT_URL = "http://127.0.0.1:8440"

Settings = namedtuple("Settings", ["url", "token"])


def majorana_home(environ=None):
    environ = os.environ if environ is None else environ
    return environ.get("MAJORANA_HOME") or os.path.join(os.path.expanduser("~"), ".majorana")


def settings_from_env(url=None, token=None, environ=None):
    """The server and token: explicit arguments first, then the environment and saved files."""
    environ = os.environ if environ is None else environ
    home = majorana_home(environ)
    saved = _read_credentials(os.path.join(home, "credentials.json"))
    url = url or environ.get("MAJORANA_URL", "").strip() or saved.get("url") or DEFAULT_URL
    token = token or environ.get("MAJORANA_TOKEN", "").strip() or saved.get("token") or _read_token(home)
    if not token:
        raise ConfigError(
            "no token: set MAJORANA_TOKEN, run `majorana login`, or run this where `majorana up` wrote %s"
            % os.path.join(home, "admin.token")
        )
    return Settings(url.rstrip("/"), token)


def _read_credentials(path):
    """`{url, token}` saved by `majorana login`; a missing file is no error, a broken one is."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise ConfigError("cannot read %s (%s): run `majorana login` again" % (path, error))
    if not isinstance(data, dict):
        raise ConfigError("%s is not a JSON object: run `majorana login` again" % path)
    return {key: str(data[key]).strip() for key in ("url", "token") if isinstance(data.get(key), str)}


def _read_token(home):
    try:
        with open(os.path.join(home, "admin.token"), encoding="utf-8") as handle:
            return handle.read().strip()
    except FileNotFoundError:
        return ""
