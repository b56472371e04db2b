import unittest

from majorana import InvalidJdlError
from majorana import jdl_text

SEED = """Executable="runstuff.sh inputfile.txt"; StdOutput="stdout.txt"; StdError="stderr.txt";
InputSandbox={"runstuff.sh","inputfile.txt"}; OutputSandbox={"stdout.txt","stderr.txt"};
CPUTime=10000; NumberOfProcessors=4;
"""

BRACKETED = """[
    // a comment; with a semicolon
    JobName = my-job;           # bare text, as DIRAC writes it
    InputSandbox = { run.sh, "LFN:/vo/x", {nested, "list"} };
    Requirements = other.Site == "A" && (other.Cores >= 2);
    Note = "a ; and ] inside" " joined";
    /* a block
       comment */
    Parameters.B = { "a","b","c" };
]
"""


class ReadAttributesTest(unittest.TestCase):
    def test_reads_the_seed_jdl_without_brackets(self):
        self.assertEqual(
            jdl_text.to_dict(SEED),
            {
                "Executable": "runstuff.sh inputfile.txt",
                "StdOutput": "stdout.txt",
                "StdError": "stderr.txt",
                "InputSandbox": ["runstuff.sh", "inputfile.txt"],
                "OutputSandbox": ["stdout.txt", "stderr.txt"],
                "CPUTime": "10000",
                "NumberOfProcessors": "4",
            },
        )

    def test_reads_comments_bare_values_expressions_and_concatenated_strings(self):
        values = jdl_text.to_dict(BRACKETED)
        self.assertEqual(values["JobName"], "my-job")
        self.assertEqual(values["InputSandbox"], ["run.sh", "LFN:/vo/x", ["nested", "list"]])
        self.assertEqual(values["Requirements"], 'other.Site == "A" && (other.Cores >= 2)')
        self.assertEqual(values["Note"], "a ; and ] inside joined")
        self.assertEqual(values["Parameters.B"], ["a", "b", "c"])

    def test_replaces_one_value_in_place_and_keeps_the_rest_byte_for_byte(self):
        attribute = jdl_text.find_attribute(SEED, "inputsandbox")
        rewritten = jdl_text.replace_value(SEED, attribute, '{ "SB:sha256:%s" }' % ("0" * 64))
        self.assertEqual(rewritten.replace('{ "SB:sha256:%s" }' % ("0" * 64), '{"runstuff.sh","inputfile.txt"}'), SEED)

    def test_adds_an_attribute_inside_the_brackets(self):
        text = jdl_text.set_attribute(BRACKETED, "CPUTime", "500")
        self.assertEqual(jdl_text.to_dict(text)["CPUTime"], "500")
        self.assertTrue(text.rstrip().endswith("]"))

    def test_points_at_the_place_of_a_syntax_error(self):
        with self.assertRaises(InvalidJdlError) as caught:
            jdl_text.read_attributes('Executable = "run.sh;\nArguments = "x";')
        self.assertEqual((caught.exception.line, caught.exception.column), (1, 14))
        with self.assertRaises(InvalidJdlError):
            jdl_text.read_attributes("InputSandbox = { a, b ;")
        with self.assertRaises(InvalidJdlError):
            jdl_text.read_attributes("= 3;")

    def test_writes_values_the_server_reads_back(self):
        self.assertEqual(jdl_text.format_value(["a", 1, 2.5, True, ["x"]]), '{ "a", 1, 2.5, true, { "x" } }')
        self.assertEqual(jdl_text.quote('say "hi"\\\n'), '"say \\"hi\\"\\\\\\n"')
        self.assertEqual(jdl_text.parse_value(jdl_text.quote('say "hi"\\\n')), 'say "hi"\\\n')
        with self.assertRaises(TypeError):
            jdl_text.format_value({"a": 1})


if __name__ == "__main__":
    unittest.main()
