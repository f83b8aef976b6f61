import unittest

from luhn import (
    Luhn,
)


class LuhnTest(unittest.TestCase):
    def test_single_digit_strings_can_not_be_valid(self):
        self.assertIs(Luhn("1").valid(), False)

    def test_a_single_zero_is_invalid(self):
        self.assertIs(Luhn("0").valid(), False)

    def test_single_zero_with_space_is_invalid(self):
        self.assertIs(Luhn(" 0").valid(), False)

    def test_simple_valid_numbers(self):
        self.assertIs(Luhn("059").valid(), True)
        self.assertIs(Luhn("59").valid(), True)

    def test_a_valid_canadian_sin(self):
        self.assertIs(Luhn("055 444 285").valid(), True)

    def test_invalid_canadian_sin(self):
        self.assertIs(Luhn("055 444 286").valid(), False)

    def test_invalid_credit_card(self):
        self.assertIs(Luhn("8273 1232 7352 0569").valid(), False)

    def test_valid_number_with_an_odd_number_of_digits(self):
        self.assertIs(Luhn("095 245 88").valid(), True)

    def test_valid_strings_with_a_non_digit_added_become_invalid(self):
        self.assertIs(Luhn("055a 444 285").valid(), False)
        self.assertIs(Luhn("055-444-285").valid(), False)
        self.assertIs(Luhn("055# 444$ 285").valid(), False)

    def test_more_than_a_single_zero_is_valid(self):
        self.assertIs(Luhn("0000 0").valid(), True)

    def test_doubling_nine_subtracts_nine(self):
        self.assertIs(Luhn("091").valid(), True)
        self.assertIs(Luhn("9999999999 9999999999 9999999999 9999999999").valid(), True)

    def test_example_from_instructions(self):
        self.assertIs(Luhn("4539 3195 0343 6467").valid(), True)


if __name__ == "__main__":
    unittest.main()
