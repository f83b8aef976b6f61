import unittest

from grade_school import (
    School,
)


class GradeSchoolTest(unittest.TestCase):
    def test_roster_is_empty_when_no_student_is_added(self):
        school = School()
        self.assertEqual(school.roster(), [])
        self.assertEqual(school.added(), [])

    def test_add_a_student(self):
        school = School()
        self.assertIs(school.add_student(name="Aimee", grade=2), True)
        self.assertEqual(school.added(), [True])
        self.assertEqual(school.roster(), ["Aimee"])

    def test_students_in_same_grade_are_sorted_by_name(self):
        school = School()
        school.add_student(name="Blair", grade=2)
        school.add_student(name="James", grade=2)
        school.add_student(name="Paul", grade=2)
        self.assertEqual(school.added(), [True, True, True])
        self.assertEqual(school.roster(), ["Blair", "James", "Paul"])

    def test_cannot_add_student_to_same_grade_more_than_once(self):
        school = School()
        school.add_student(name="Blair", grade=2)
        school.add_student(name="James", grade=2)
        self.assertIs(school.add_student(name="James", grade=2), False)
        school.add_student(name="Paul", grade=2)
        self.assertEqual(school.added(), [True, True, False, True])
        self.assertEqual(school.roster(), ["Blair", "James", "Paul"])

    def test_students_in_different_grades_are_sorted_by_grade(self):
        school = School()
        school.add_student(name="Chelsea", grade=3)
        school.add_student(name="Logan", grade=7)
        self.assertEqual(school.roster(), ["Chelsea", "Logan"])

    def test_cannot_add_same_student_to_a_different_grade(self):
        school = School()
        school.add_student(name="Blair", grade=2)
        school.add_student(name="James", grade=2)
        school.add_student(name="James", grade=3)
        school.add_student(name="Paul", grade=3)
        self.assertEqual(school.added(), [True, True, False, True])
        self.assertEqual(school.roster(), ["Blair", "James", "Paul"])
        self.assertEqual(school.grade(3), ["Paul"])

    def test_students_are_sorted_by_grades_and_then_by_name(self):
        school = School()
        school.add_student(name="Peter", grade=2)
        school.add_student(name="Anna", grade=1)
        school.add_student(name="Barb", grade=1)
        school.add_student(name="Zoe", grade=2)
        school.add_student(name="Alex", grade=2)
        school.add_student(name="Jim", grade=3)
        school.add_student(name="Charlie", grade=1)
        self.assertEqual(
            school.roster(), ["Anna", "Barb", "Charlie", "Alex", "Peter", "Zoe", "Jim"]
        )

    def test_grade_is_empty_if_no_students_in_that_grade(self):
        school = School()
        school.add_student(name="Peter", grade=2)
        school.add_student(name="Zoe", grade=2)
        self.assertEqual(school.grade(1), [])

    def test_students_are_sorted_by_name_in_a_grade(self):
        school = School()
        school.add_student(name="Franklin", grade=5)
        school.add_student(name="Bradley", grade=5)
        school.add_student(name="Jeff", grade=1)
        self.assertEqual(school.grade(5), ["Bradley", "Franklin"])

    def test_grades_with_ten_or_more_sort_numerically(self):
        school = School()
        school.add_student(name="Zed", grade=10)
        school.add_student(name="Amy", grade=9)
        school.add_student(name="Bob", grade=2)
        self.assertEqual(school.roster(), ["Bob", "Amy", "Zed"])

    def test_names_are_case_sensitive(self):
        school = School()
        self.assertIs(school.add_student(name="james", grade=1), True)
        self.assertIs(school.add_student(name="James", grade=1), True)
        self.assertEqual(school.grade(1), ["James", "james"])


if __name__ == "__main__":
    unittest.main()
