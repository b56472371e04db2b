"""Just enough JDL for a client: find the top-level attributes of a JDL text, read their values as
DIRAC's API shows them (strings, lists of strings), replace one in place, and write values back.

The server parses and checks the whole language; the client only needs the InputSandbox (to upload
its local files) and a DIRAC-style dictionary for `getJobJDL`. The lexical rules follow our grammar
(jdl-grammar/jdl.peggy): `"..."` strings with backslash escapes, `//`, `#` and `/* */` comments,
bare values such as `JobGroup = my-group;` and `{ std.err, *.log }`.
"""

import re
from collections import namedtuple

from .errors import InvalidJdlError

# An attribute's name, its value as written, and where the value lies in the text.
Attribute = namedtuple("Attribute", ["name", "value_text", "start", "end"])

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*|'(?:[^'\\\r\n]|\\.)*'")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


def read_attributes(text):
    """The top-level attributes in order (with or without the enclosing `[ ]`)."""
    position = _skip_blank(text, 0)
    closing = None
    if position < len(text) and text[position] == "[":
        closing = "]"
        position += 1
    attributes = []
    while True:
        position = _skip_blank(text, position)
        while position < len(text) and text[position] == ";":
            position = _skip_blank(text, position + 1)
        if position >= len(text) or (closing and text[position] == closing):
            return attributes
        match = _NAME.match(text, position)
        if match is None:
            raise _error(text, position, "an attribute name was expected")
        name = match.group(0).strip("'")
        position = _skip_blank(text, match.end())
        if not text.startswith("=", position) or text.startswith("==", position):
            raise _error(text, position, "'=' was expected after %s" % name)
        start = _skip_blank(text, position + 1)
        end = _value_end(text, start)
        attributes.append(Attribute(name, text[start:end].rstrip(), start, start + len(text[start:end].rstrip())))
        position = end


def find_attribute(text, name):
    """The top-level attribute `name` (compared without case, as JDL does), or None."""
    for attribute in read_attributes(text):
        if attribute.name.lower() == name.lower():
            return attribute
    return None


def replace_value(text, attribute, new_value_text):
    return text[: attribute.start] + new_value_text + text[attribute.end :]


def set_attribute(text, name, new_value_text):
    """Replaces the value of `name`, or adds the attribute at the end of the top-level ad."""
    attribute = find_attribute(text, name)
    if attribute is not None:
        return replace_value(text, attribute, new_value_text)
    stripped = text.rstrip()
    if stripped.endswith("]"):
        body = stripped[:-1].rstrip()
        separator = "" if body.endswith((";", "[")) else ";"
        return "%s%s\n    %s = %s;\n]\n" % (body, separator, name, new_value_text)
    separator = "" if stripped.endswith(";") or not stripped else ";"
    return "%s%s\n%s = %s;\n" % (stripped, separator, name, new_value_text)


def parse_value(value_text):
    """A value as DIRAC's API shows it: a list for `{...}`, strings unquoted, anything else as written."""
    value_text = value_text.strip()
    if value_text.startswith("{"):
        return [parse_value(item) for item in _split_list(value_text)]
    if value_text.startswith('"'):
        strings, position = [], 0
        while position < len(value_text) and value_text[position] == '"':
            string, position = _read_string(value_text, position)
            strings.append(string)
            position = _skip_blank(value_text, position)
        if position == len(value_text):
            return "".join(strings)
    return value_text


def to_dict(text):
    """Every top-level attribute as `{name: value}` (DIRAC's `getJobJDL` shape)."""
    return {attribute.name: parse_value(attribute.value_text) for attribute in read_attributes(text)}


def quote(value):
    """A JDL string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    return '"%s"' % escaped


def format_value(value):
    """A Python value as JDL: str -> string, bool -> true/false, int/float -> number, list -> { ... }."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "{}"
        return "{ %s }" % ", ".join(format_value(item) for item in value)
    raise TypeError("cannot write %r in a JDL: use strings, numbers, booleans or lists of them" % (value,))


# ---- lexing ----


def _skip_blank(text, position):
    """Skips white space and comments."""
    while position < len(text):
        char = text[position]
        if char.isspace():
            position += 1
        elif char == "#" or text.startswith("//", position):
            newline = _line_end(text, position)
            position = newline
        elif text.startswith("/*", position):
            close = text.find("*/", position + 2)
            if close < 0:
                raise _error(text, position, "unterminated comment: close it with */")
            position = close + 2
        else:
            break
    return position


def _line_end(text, position):
    ends = [i for i in (text.find("\n", position), text.find("\r", position)) if i >= 0]
    return min(ends) if ends else len(text)


def _read_string(text, position):
    """Reads the string literal starting at text[position] == '"'; returns (value, position after)."""
    chars = []
    opening = position
    position += 1
    while position < len(text):
        char = text[position]
        if char == '"':
            return "".join(chars), position + 1
        if char in "\r\n":
            break
        if char == "\\" and position + 1 < len(text):
            following = text[position + 1]
            octal = re.match(r"[0-3][0-7][0-7]|[0-7][0-7]?", text[position + 1 : position + 4])
            if following in _ESCAPES:
                chars.append(_ESCAPES[following])
                position += 2
            elif octal:
                chars.append(chr(int(octal.group(0), 8)))
                position += 1 + len(octal.group(0))
            else:
                raise _error(text, position, "unknown escape \\%s in a string" % following)
            continue
        chars.append(char)
        position += 1
    raise _error(text, opening, 'unterminated string: close it with " on the same line')


def _value_end(text, position):
    """Where a value starting at `position` ends: at a `;` or `]` outside brackets, or the end."""
    stack = []
    while position < len(text):
        char = text[position]
        if char == '"':
            _, position = _read_string(text, position)
            continue
        if char == "#" or text.startswith("//", position) or text.startswith("/*", position):
            position = _skip_blank(text, position)
            continue
        if char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif stack and char == stack[-1]:
            stack.pop()
        elif not stack and char in ";]":
            return position
        elif char in ")]}":
            raise _error(text, position, "unbalanced %s" % char)
        position += 1
    if stack:
        raise _error(text, position, "%s was expected before the end" % stack[-1])
    return position


def _split_list(value_text):
    """The items of `{ a, "b", {c} }` as texts."""
    stripped = value_text.rstrip()
    if not stripped.endswith("}") or _value_end(stripped + ";", 0) != len(stripped):
        raise _error(value_text, len(stripped), "a list is written { item, item, ... }")
    body = stripped[1:-1]
    items, depth, start, position = [], [], 0, 0
    while position < len(body):
        char = body[position]
        if char == '"':
            _, position = _read_string(body, position)
            continue
        if char in _CLOSERS:
            depth.append(_CLOSERS[char])
        elif depth and char == depth[-1]:
            depth.pop()
        elif char == "," and not depth:
            items.append(body[start:position])
            start = position + 1
        position += 1
    items.append(body[start:])
    cleaned = [_strip_comments(item).strip() for item in items]
    if cleaned and cleaned[-1] == "":
        cleaned.pop()  # a trailing comma, as our grammar allows
    return cleaned


def _strip_comments(item):
    leading = _skip_blank(item, 0)
    return item[leading:]


def _error(text, position, reason):
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return InvalidJdlError(
        "jdl:%d:%d: %s" % (line, column, reason),
        details={"code": "JDL_SYNTAX", "line": line, "column": column, "message": reason},
    )
