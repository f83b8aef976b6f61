import unittest

from atbash_cipher import (
    decode,
    encode,
)


class AtbashCipherTest(unittest.TestCase):
    def test_encode_yes(self):
        self.assertEqual(encode("yes"), "bvh")

    def test_encode_omg_is_lowercased(self):
        self.assertEqual(encode("OMG"), "lnt")

    def test_encode_spaces_are_removed(self):
        self.assertEqual(encode("O M G"), "lnt")

    def test_encode_mindblowingly_is_grouped(self):
        self.assertEqual(encode("mindblowingly"), "nrmwy oldrm tob")

    def test_encode_numbers_are_kept(self):
        self.assertEqual(encode("Testing,1 2 3, testing."), "gvhgr mt123 gvhgr mt")

    def test_encode_deep_thought(self):
        self.assertEqual(encode("Truth is fiction."), "gifgs rhurx grlm")

    def test_encode_all_the_letters(self):
        self.assertEqual(
            encode("The quick brown fox jumps over the lazy dog."),
            "gsvjf rxpyi ldmul cqfnk hlevi gsvoz abwlt",
        )

    def test_encode_exact_multiple_of_five_has_no_trailing_space(self):
        self.assertEqual(encode("abcde fghij"), "zyxwv utsrq")

    def test_decode_exercism(self):
        self.assertEqual(decode("vcvix rhn"), "exercism")

    def test_decode_a_sentence(self):
        self.assertEqual(
            decode("zmlyh gzxov rhlug vmzhg vkkrm thglm v"),
            "anobstacleisoftenasteppingstone",
        )

    def test_decode_numbers(self):
        self.assertEqual(decode("gvhgr mt123 gvhgr mt"), "testing123testing")

    def test_decode_with_too_many_or_too_few_spaces(self):
        self.assertEqual(decode("vc vix    r hn"), "exercism")
        self.assertEqual(decode("zmlyhgzxovrhlugvmzhgvkkrmthglmv"), "anobstacleisoftenasteppingstone")


if __name__ == "__main__":
    unittest.main()
