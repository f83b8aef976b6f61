import unittest

from bank_account import (
    BankAccount,
)


class BankAccountTest(unittest.TestCase):
    def assert_raises_message(self, func, message, *args):
        with self.assertRaises(ValueError) as err:
            func(*args)
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], message)

    def test_newly_opened_account_has_zero_balance(self):
        account = BankAccount()
        account.open()
        self.assertEqual(account.get_balance(), 0)

    def test_single_and_multiple_deposits(self):
        account = BankAccount()
        account.open()
        account.deposit(100)
        self.assertEqual(account.get_balance(), 100)
        account.deposit(50)
        self.assertEqual(account.get_balance(), 150)

    def test_withdraw_once_and_twice(self):
        account = BankAccount()
        account.open()
        account.deposit(100)
        account.withdraw(75)
        self.assertEqual(account.get_balance(), 25)
        account.withdraw(5)
        self.assertEqual(account.get_balance(), 20)

    def test_can_withdraw_entire_balance(self):
        account = BankAccount()
        account.open()
        account.deposit(100)
        account.withdraw(100)
        self.assertEqual(account.get_balance(), 0)

    def test_new_account_is_closed(self):
        account = BankAccount()
        self.assert_raises_message(account.get_balance, "account not open")
        self.assert_raises_message(account.close, "account not open")

    def test_operations_on_closed_account_raise(self):
        account = BankAccount()
        account.open()
        account.deposit(10)
        account.close()
        self.assert_raises_message(account.get_balance, "account not open")
        self.assert_raises_message(account.deposit, "account not open", 50)
        self.assert_raises_message(account.withdraw, "account not open", 5)
        self.assert_raises_message(account.close, "account not open")

    def test_reopened_account_does_not_retain_balance(self):
        account = BankAccount()
        account.open()
        account.deposit(50)
        account.close()
        account.open()
        self.assertEqual(account.get_balance(), 0)

    def test_cannot_open_an_already_opened_account(self):
        account = BankAccount()
        account.open()
        self.assert_raises_message(account.open, "account already open")

    def test_cannot_withdraw_more_than_deposited(self):
        account = BankAccount()
        account.open()
        account.deposit(25)
        self.assert_raises_message(account.withdraw, "amount must be less than balance", 50)
        self.assertEqual(account.get_balance(), 25)

    def test_cannot_deposit_or_withdraw_non_positive_amounts(self):
        account = BankAccount()
        account.open()
        account.deposit(100)
        self.assert_raises_message(account.deposit, "amount must be greater than 0", -100)
        self.assert_raises_message(account.deposit, "amount must be greater than 0", 0)
        self.assert_raises_message(account.withdraw, "amount must be greater than 0", -100)
        self.assertEqual(account.get_balance(), 100)

    def test_amount_is_checked_before_balance(self):
        account = BankAccount()
        account.open()
        self.assert_raises_message(account.withdraw, "amount must be greater than 0", 0)

    def test_open_state_is_checked_before_amount(self):
        account = BankAccount()
        self.assert_raises_message(account.deposit, "account not open", -5)
        self.assert_raises_message(account.withdraw, "account not open", -5)


if __name__ == "__main__":
    unittest.main()
