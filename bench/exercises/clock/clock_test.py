import unittest

from clock import (
    Clock,
)


class ClockTest(unittest.TestCase):
    def test_on_the_hour_and_past_the_hour(self):
        self.assertEqual(str(Clock(8, 0)), "08:00")
        self.assertEqual(str(Clock(11, 9)), "11:09")

    def test_midnight_is_zero_hours_and_hour_rolls_over(self):
        self.assertEqual(str(Clock(24, 0)), "00:00")
        self.assertEqual(str(Clock(25, 0)), "01:00")
        self.assertEqual(str(Clock(100, 0)), "04:00")

    def test_minutes_roll_over(self):
        self.assertEqual(str(Clock(1, 60)), "02:00")
        self.assertEqual(str(Clock(0, 160)), "02:40")
        self.assertEqual(str(Clock(0, 1723)), "04:43")
        self.assertEqual(str(Clock(201, 3001)), "11:01")

    def test_negative_hours_and_minutes(self):
        self.assertEqual(str(Clock(-1, 15)), "23:15")
        self.assertEqual(str(Clock(1, -40)), "00:20")
        self.assertEqual(str(Clock(-25, -160)), "20:20")
        self.assertEqual(str(Clock(-121, -5810)), "22:10")

    def test_repr_uses_normalized_values(self):
        self.assertEqual(repr(Clock(8, 0)), "Clock(8, 0)")
        self.assertEqual(repr(Clock(25, 70)), "Clock(2, 10)")
        self.assertEqual(repr(Clock(-1, -1)), "Clock(22, 59)")

    def test_add_minutes(self):
        self.assertEqual(str(Clock(10, 0) + 3), "10:03")
        self.assertEqual(str(Clock(0, 45) + 40), "01:25")
        self.assertEqual(str(Clock(23, 59) + 2), "00:01")
        self.assertEqual(str(Clock(1, 1) + 3500), "11:21")

    def test_subtract_minutes(self):
        self.assertEqual(str(Clock(10, 3) - 3), "10:00")
        self.assertEqual(str(Clock(0, 3) - 4), "23:59")
        self.assertEqual(str(Clock(2, 20) - 3000), "00:20")

    def test_add_and_subtract_negative_minutes(self):
        self.assertEqual(str(Clock(5, 32) + -90), "04:02")
        self.assertEqual(str(Clock(5, 32) - -90), "07:02")

    def test_arithmetic_returns_new_clock_and_leaves_original_unchanged(self):
        clock = Clock(10, 0)
        later = clock + 30
        earlier = clock - 30
        self.assertEqual(str(later), "10:30")
        self.assertEqual(str(earlier), "09:30")
        self.assertEqual(str(clock), "10:00")
        self.assertIsInstance(later, Clock)

    def test_clocks_with_same_time_are_equal(self):
        self.assertEqual(Clock(15, 37), Clock(15, 37))
        self.assertEqual(Clock(10, 37), Clock(34, 37))
        self.assertEqual(Clock(3, 11), Clock(99, 11))
        self.assertEqual(Clock(-2, -40), Clock(21, 20))
        self.assertTrue(Clock(0, 0) == Clock(24, 0))

    def test_clocks_with_different_time_are_not_equal(self):
        self.assertIs(Clock(15, 36) == Clock(15, 37), False)
        self.assertIs(Clock(14, 37) == Clock(15, 37), False)
        self.assertNotEqual(Clock(15, 36), Clock(15, 37))

    def test_clock_arithmetic_results_compare_equal(self):
        self.assertEqual(Clock(23, 30) + 60, Clock(0, 30))
        self.assertEqual(Clock(0, 30) - 60, Clock(23, 30))


if __name__ == "__main__":
    unittest.main()
