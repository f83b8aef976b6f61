import unittest

from anagram import (
    find_anagrams,
)


class AnagramTest(unittest.TestCase):
    def test_no_matches(self):
        candidates = ["hello", "world", "zombies", "pants"]
        self.assertEqual(find_anagrams("diaper", candidates), [])

    def test_detects_two_anagrams(self):
        candidates = ["lemons", "cherry", "melons"]
        self.assertEqual(find_anagrams("solemn", candidates), ["lemons", "melons"])

    def test_does_not_detect_anagram_subsets(self):
        self.assertEqual(find_anagrams("good", ["dog", "goody"]), [])

    def test_detects_anagram(self):
        candidates = ["enlists", "google", "inlets", "banana"]
        self.assertEqual(find_anagrams("listen", candidates), ["inlets"])

    def test_detects_three_anagrams_in_order(self):
        candidates = ["gallery", "ballerina", "regally", "clergy", "largely", "leading"]
        self.assertEqual(
            find_anagrams("allergy", candidates), ["gallery", "regally", "largely"]
        )

    def test_detects_multiple_anagrams_with_different_case(self):
        self.assertEqual(find_anagrams("nose", ["Eons", "ONES"]), ["Eons", "ONES"])

    def test_detects_anagrams_case_insensitively(self):
        candidates = ["cashregister", "Carthorse", "radishes"]
        self.assertEqual(find_anagrams("Orchestra", candidates), ["Carthorse"])

    def test_does_not_detect_non_anagrams_with_identical_checksum(self):
        self.assertEqual(find_anagrams("mass", ["last"]), [])

    def test_letters_must_be_used_exactly_as_many_times(self):
        self.assertEqual(find_anagrams("galea", ["eagle"]), [])
        self.assertEqual(find_anagrams("go", ["goGoGO"]), [])

    def test_words_are_not_anagrams_of_themselves(self):
        self.assertEqual(find_anagrams("BANANA", ["BANANA"]), [])
        self.assertEqual(find_anagrams("BANANA", ["Banana"]), [])

    def test_words_other_than_themselves_can_be_anagrams(self):
        self.assertEqual(find_anagrams("LISTEN", ["LISTEN", "Silent"]), ["Silent"])

    def test_anagrams_must_use_all_letters_exactly_once(self):
        self.assertEqual(find_anagrams("tapper", ["patter"]), [])


if __name__ == "__main__":
    unittest.main()
