import unittest

from queen_attack import (
    Queen,
)


class QueenAttackTest(unittest.TestCase):
    def assert_error(self, func, message, *args):
        with self.assertRaises(ValueError) as err:
            func(*args)
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], message)

    def test_queen_with_a_valid_position(self):
        self.assertIs(Queen(2, 2).can_attack(Queen(0, 0)), True)
        self.assertIs(Queen(0, 7).can_attack(Queen(7, 6)), False)

    def test_queen_must_have_positive_row(self):
        self.assert_error(Queen, "row not positive", -2, 2)

    def test_queen_must_have_row_on_board(self):
        self.assert_error(Queen, "row not on board", 8, 4)

    def test_queen_must_have_positive_column(self):
        self.assert_error(Queen, "column not positive", 2, -2)

    def test_queen_must_have_column_on_board(self):
        self.assert_error(Queen, "column not on board", 4, 8)

    def test_row_is_checked_before_column(self):
        self.assert_error(Queen, "row not positive", -1, 9)
        self.assert_error(Queen, "row not on board", 8, -1)

    def test_cannot_attack(self):
        self.assertIs(Queen(2, 4).can_attack(Queen(6, 6)), False)

    def test_can_attack_on_same_row_or_column(self):
        self.assertIs(Queen(2, 4).can_attack(Queen(2, 6)), True)
        self.assertIs(Queen(4, 5).can_attack(Queen(2, 5)), True)

    def test_can_attack_on_first_diagonal(self):
        self.assertIs(Queen(2, 2).can_attack(Queen(0, 4)), True)
        self.assertIs(Queen(2, 2).can_attack(Queen(3, 1)), True)

    def test_can_attack_on_second_diagonal(self):
        self.assertIs(Queen(2, 2).can_attack(Queen(1, 1)), True)
        self.assertIs(Queen(1, 7).can_attack(Queen(0, 6)), True)

    def test_cannot_attack_if_falling_diagonals_are_only_the_same_when_reflected(self):
        self.assertIs(Queen(4, 1).can_attack(Queen(2, 5)), False)

    def test_queens_on_the_same_square_raise(self):
        self.assert_error(
            Queen(2, 4).can_attack,
            "Invalid queen position: both queens in the same square",
            Queen(2, 4),
        )


if __name__ == "__main__":
    unittest.main()
