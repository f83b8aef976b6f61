import unittest

from wordy import (
    answer,
)


class WordyTest(unittest.TestCase):
    def assert_error(self, question, message):
        with self.assertRaises(ValueError) as err:
            answer(question)
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], message)

    def test_just_a_number(self):
        self.assertEqual(answer("What is 5?"), 5)
        self.assertEqual(answer("What is -12?"), -12)

    def test_addition_and_subtraction(self):
        self.assertEqual(answer("What is 1 plus 1?"), 2)
        self.assertEqual(answer("What is 53 plus 2?"), 55)
        self.assertEqual(answer("What is -1 plus -10?"), -11)
        self.assertEqual(answer("What is 123 plus 45678?"), 45801)
        self.assertEqual(answer("What is 4 minus -12?"), 16)

    def test_multiplication(self):
        self.assertEqual(answer("What is -3 multiplied by 25?"), -75)

    def test_division(self):
        self.assertEqual(answer("What is 33 divided by -3?"), -11)
        self.assertEqual(answer("What is 7 divided by 2?"), 3)
        self.assertEqual(answer("What is -7 divided by 2?"), -3)
        self.assertIsInstance(answer("What is 8 divided by 2?"), int)

    def test_multiple_operations_left_to_right(self):
        self.assertEqual(answer("What is 1 plus 1 plus 1?"), 3)
        self.assertEqual(answer("What is 1 plus 5 minus -2?"), 8)
        self.assertEqual(answer("What is 20 minus 4 minus 13?"), 3)
        self.assertEqual(answer("What is 17 minus 6 plus 3?"), 14)
        self.assertEqual(answer("What is 2 multiplied by -2 multiplied by 3?"), -12)
        self.assertEqual(answer("What is -3 plus 7 multiplied by -2?"), -8)
        self.assertEqual(answer("What is -12 divided by 2 divided by -3?"), 2)

    def test_unknown_operation(self):
        self.assert_error("What is 52 cubed?", "unknown operation")

    def test_non_math_question(self):
        self.assert_error("Who is the President of the United States?", "unknown operation")

    def test_multiplied_without_by_is_unknown(self):
        self.assert_error("What is 2 multiplied 3?", "unknown operation")

    def test_reject_problem_missing_an_operand(self):
        self.assert_error("What is 1 plus?", "syntax error")

    def test_reject_problem_with_no_operands_or_operators(self):
        self.assert_error("What is?", "syntax error")

    def test_reject_two_operations_in_a_row(self):
        self.assert_error("What is 1 plus plus 2?", "syntax error")

    def test_reject_two_numbers_in_a_row_and_prefix_or_postfix_notation(self):
        self.assert_error("What is 1 plus 2 1?", "syntax error")
        self.assert_error("What is 1 2 plus?", "syntax error")
        self.assert_error("What is plus 1 2?", "syntax error")


if __name__ == "__main__":
    unittest.main()
