import unittest

from phone_number import (
    PhoneNumber,
)


class PhoneNumberTest(unittest.TestCase):
    def test_cleans_the_number(self):
        self.assertEqual(PhoneNumber("(223) 456-7890").number, "2234567890")

    def test_cleans_numbers_with_dots_and_multiple_spaces(self):
        self.assertEqual(PhoneNumber("223.456.7890").number, "2234567890")
        self.assertEqual(PhoneNumber("223 456   7890   ").number, "2234567890")

    def test_invalid_when_9_digits(self):
        with self.assertRaises(ValueError) as err:
            PhoneNumber("123456789")
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], "must not be fewer than 10 digits")

    def test_valid_when_11_digits_and_starting_with_1(self):
        self.assertEqual(PhoneNumber("12234567890").number, "2234567890")
        self.assertEqual(PhoneNumber("+1 (223) 456-7890").number, "2234567890")

    def test_invalid_when_11_digits_does_not_start_with_a_1(self):
        with self.assertRaises(ValueError) as err:
            PhoneNumber("22234567890")
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], "11 digits must start with 1")

    def test_invalid_when_more_than_11_digits(self):
        with self.assertRaises(ValueError) as err:
            PhoneNumber("321234567890")
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], "must not be greater than 11 digits")

    def test_invalid_with_letters(self):
        with self.assertRaises(ValueError) as err:
            PhoneNumber("523-abc-7890")
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], "letters not permitted")

    def test_invalid_with_punctuations(self):
        with self.assertRaises(ValueError) as err:
            PhoneNumber("523-@:!-7890")
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], "punctuations not permitted")

    def test_letters_are_checked_before_punctuation_and_length(self):
        with self.assertRaises(ValueError) as err:
            PhoneNumber("12a@")
        self.assertEqual(err.exception.args[0], "letters not permitted")

    def test_invalid_area_codes(self):
        with self.assertRaises(ValueError) as err:
            PhoneNumber("(023) 456-7890")
        self.assertEqual(err.exception.args[0], "area code cannot start with zero")
        with self.assertRaises(ValueError) as err:
            PhoneNumber("1 (123) 456-7890")
        self.assertEqual(err.exception.args[0], "area code cannot start with one")

    def test_invalid_exchange_codes(self):
        with self.assertRaises(ValueError) as err:
            PhoneNumber("(223) 056-7890")
        self.assertEqual(err.exception.args[0], "exchange code cannot start with zero")
        with self.assertRaises(ValueError) as err:
            PhoneNumber("1 (223) 156-7890")
        self.assertEqual(err.exception.args[0], "exchange code cannot start with one")

    def test_area_code_and_pretty_print(self):
        number = PhoneNumber("+1 (613)-995-0253")
        self.assertEqual(number.area_code, "613")
        self.assertEqual(number.pretty(), "(613) 995-0253")


if __name__ == "__main__":
    unittest.main()
