import unittest

from series import (
    slices,
)


class SeriesTest(unittest.TestCase):
    def assert_error(self, series, length, message):
        with self.assertRaises(ValueError) as err:
            slices(series, length)
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], message)

    def test_slices_of_one_from_one(self):
        self.assertEqual(slices("1", 1), ["1"])

    def test_slices_of_one_from_two(self):
        self.assertEqual(slices("12", 1), ["1", "2"])

    def test_slices_of_two(self):
        self.assertEqual(slices("35", 2), ["35"])

    def test_slices_of_two_overlap(self):
        self.assertEqual(slices("9142", 2), ["91", "14", "42"])

    def test_slices_can_include_duplicates_and_leading_zeros(self):
        self.assertEqual(slices("777777", 3), ["777", "777", "777", "777"])
        self.assertEqual(slices("01234", 1), ["0", "1", "2", "3", "4"])

    def test_slices_of_a_long_series(self):
        self.assertEqual(
            slices("918493904243", 5),
            ["91849", "18493", "84939", "49390", "93904", "39042", "90424", "04243"],
        )

    def test_slice_length_is_too_large(self):
        self.assert_error("12345", 6, "slice length cannot be greater than series length")

    def test_slice_length_is_way_too_large(self):
        self.assert_error("12345", 42, "slice length cannot be greater than series length")

    def test_slice_length_cannot_be_zero(self):
        self.assert_error("12345", 0, "slice length cannot be zero")

    def test_slice_length_cannot_be_negative(self):
        self.assert_error("123", -1, "slice length cannot be negative")

    def test_empty_series_is_invalid(self):
        self.assert_error("", 1, "series cannot be empty")

    def test_empty_series_is_checked_first(self):
        self.assert_error("", 0, "series cannot be empty")
        self.assert_error("", -3, "series cannot be empty")


if __name__ == "__main__":
    unittest.main()
