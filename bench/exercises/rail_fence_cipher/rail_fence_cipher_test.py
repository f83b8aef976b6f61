import unittest

from rail_fence_cipher import (
    decode,
    encode,
)


class RailFenceCipherTest(unittest.TestCase):
    def test_encode_with_two_rails(self):
        self.assertMultiLineEqual(encode("XOXOXOXOXOXOXOXOXO", 2), "XXXXXXXXXOOOOOOOOO")

    def test_encode_with_three_rails(self):
        self.assertMultiLineEqual(
            encode("WEAREDISCOVEREDFLEEATONCE", 3), "WECRLTEERDSOEEFEAOCAIVDEN"
        )

    def test_encode_with_ending_in_the_middle(self):
        self.assertMultiLineEqual(encode("EXERCISES", 4), "ESXIEECSR")

    def test_encode_keeps_spaces_and_punctuation(self):
        self.assertMultiLineEqual(encode("Hi, you!", 3), "Hyi o!,u")

    def test_decode_with_three_rails(self):
        self.assertMultiLineEqual(
            decode("TEITELHDVLSNHDTISEIIEA", 3), "THEDEVILISINTHEDETAILS"
        )

    def test_decode_with_five_rails(self):
        self.assertMultiLineEqual(decode("EIEXMSMESAORIWSCE", 5), "EXERCISMISAWESOME")

    def test_decode_with_six_rails(self):
        self.assertMultiLineEqual(
            decode("133714114238148966225439541018335470986172518171757571896261", 6),
            "112358132134558914423337761098715972584418167651094617711286",
        )

    def test_one_rail_and_many_rails_leave_message_unchanged(self):
        self.assertMultiLineEqual(encode("HELLO", 1), "HELLO")
        self.assertMultiLineEqual(decode("HELLO", 1), "HELLO")
        self.assertMultiLineEqual(encode("HELLO", 5), "HELLO")
        self.assertMultiLineEqual(encode("HELLO", 9), "HELLO")
        self.assertMultiLineEqual(decode("HELLO", 9), "HELLO")

    def test_empty_message(self):
        self.assertMultiLineEqual(encode("", 3), "")
        self.assertMultiLineEqual(decode("", 3), "")

    def test_round_trip(self):
        message = "WE ARE DISCOVERED. FLEE AT ONCE!"
        for rails in range(1, 40):
            self.assertMultiLineEqual(decode(encode(message, rails), rails), message)

    def test_non_positive_rails_raise(self):
        for func in (encode, decode):
            for rails in (0, -2):
                with self.assertRaises(ValueError) as err:
                    func("HELLO", rails)
                self.assertEqual(type(err.exception), ValueError)
                self.assertEqual(err.exception.args[0], "rails must be positive")


if __name__ == "__main__":
    unittest.main()
