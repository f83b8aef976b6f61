import unittest

from say import (
    say,
)


class SayTest(unittest.TestCase):
    def test_zero(self):
        self.assertEqual(say(0), "zero")

    def test_one_to_nineteen(self):
        self.assertEqual(say(1), "one")
        self.assertEqual(say(14), "fourteen")
        self.assertEqual(say(18), "eighteen")

    def test_tens(self):
        self.assertEqual(say(20), "twenty")
        self.assertEqual(say(40), "forty")
        self.assertEqual(say(90), "ninety")

    def test_tens_with_units_use_hyphen(self):
        self.assertEqual(say(22), "twenty-two")
        self.assertEqual(say(99), "ninety-nine")

    def test_hundreds(self):
        self.assertEqual(say(100), "one hundred")
        self.assertEqual(say(123), "one hundred twenty-three")
        self.assertEqual(say(200), "two hundred")
        self.assertEqual(say(305), "three hundred five")
        self.assertEqual(say(999), "nine hundred ninety-nine")

    def test_thousands(self):
        self.assertEqual(say(1000), "one thousand")
        self.assertEqual(say(1234), "one thousand two hundred thirty-four")
        self.assertEqual(say(60010), "sixty thousand ten")

    def test_millions(self):
        self.assertEqual(say(1000000), "one million")
        self.assertEqual(say(1002345), "one million two thousand three hundred forty-five")
        self.assertEqual(say(17000080), "seventeen million eighty")

    def test_billions(self):
        self.assertEqual(say(1000000000), "one billion")
        self.assertEqual(say(2000000001), "two billion one")

    def test_a_big_number(self):
        self.assertEqual(
            say(987654321123),
            "nine hundred eighty-seven billion six hundred fifty-four million "
            "three hundred twenty-one thousand one hundred twenty-three",
        )

    def test_maximum_value(self):
        self.assertEqual(
            say(999999999999),
            "nine hundred ninety-nine billion nine hundred ninety-nine million "
            "nine hundred ninety-nine thousand nine hundred ninety-nine",
        )

    def test_numbers_below_zero_are_out_of_range(self):
        with self.assertRaises(ValueError) as err:
            say(-1)
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], "input out of range")

    def test_numbers_above_999999999999_are_out_of_range(self):
        with self.assertRaises(ValueError) as err:
            say(1000000000000)
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], "input out of range")


if __name__ == "__main__":
    unittest.main()
