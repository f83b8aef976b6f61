import unittest

from robot_simulator import (
    Robot,
    NORTH,
    EAST,
    SOUTH,
    WEST,
)


class RobotSimulatorTest(unittest.TestCase):
    def test_at_origin_facing_north_by_default(self):
        robot = Robot()
        self.assertEqual(robot.coordinates, (0, 0))
        self.assertEqual(robot.direction, NORTH)

    def test_at_negative_position_facing_south(self):
        robot = Robot(SOUTH, -1, -1)
        self.assertEqual(robot.coordinates, (-1, -1))
        self.assertEqual(robot.direction, SOUTH)

    def test_rotating_clockwise(self):
        for start, end in [(NORTH, EAST), (EAST, SOUTH), (SOUTH, WEST), (WEST, NORTH)]:
            robot = Robot(start, 0, 0)
            robot.move("R")
            self.assertEqual(robot.coordinates, (0, 0))
            self.assertEqual(robot.direction, end)

    def test_rotating_counter_clockwise(self):
        for start, end in [(NORTH, WEST), (WEST, SOUTH), (SOUTH, EAST), (EAST, NORTH)]:
            robot = Robot(start, 0, 0)
            robot.move("L")
            self.assertEqual(robot.coordinates, (0, 0))
            self.assertEqual(robot.direction, end)

    def test_advancing_in_each_direction(self):
        cases = [(NORTH, (0, 1)), (SOUTH, (0, -1)), (EAST, (1, 0)), (WEST, (-1, 0))]
        for direction, coordinates in cases:
            robot = Robot(direction, 0, 0)
            robot.move("A")
            self.assertEqual(robot.coordinates, coordinates)
            self.assertEqual(robot.direction, direction)

    def test_example_from_instructions(self):
        robot = Robot(NORTH, 7, 3)
        robot.move("RAALAL")
        self.assertEqual(robot.coordinates, (9, 4))
        self.assertEqual(robot.direction, WEST)

    def test_moving_west_and_north(self):
        robot = Robot(NORTH, 0, 0)
        robot.move("LAAARALA")
        self.assertEqual(robot.coordinates, (-4, 1))
        self.assertEqual(robot.direction, WEST)

    def test_moving_west_and_south(self):
        robot = Robot(EAST, 2, -7)
        robot.move("RRAAAAALA")
        self.assertEqual(robot.coordinates, (-3, -8))
        self.assertEqual(robot.direction, SOUTH)

    def test_moving_east_and_north(self):
        robot = Robot(SOUTH, 8, 4)
        robot.move("LAAARRRALLLL")
        self.assertEqual(robot.coordinates, (11, 5))
        self.assertEqual(robot.direction, NORTH)

    def test_multiple_move_calls_accumulate(self):
        robot = Robot(NORTH, 0, 0)
        robot.move("AA")
        robot.move("")
        robot.move("RA")
        self.assertEqual(robot.coordinates, (1, 2))
        self.assertEqual(robot.direction, EAST)

    def test_invalid_instruction_raises_and_leaves_robot_unchanged(self):
        robot = Robot(EAST, 1, 1)
        with self.assertRaises(ValueError) as err:
            robot.move("AARX")
        self.assertEqual(type(err.exception), ValueError)
        self.assertEqual(err.exception.args[0], "invalid instruction")
        self.assertEqual(robot.coordinates, (1, 1))
        self.assertEqual(robot.direction, EAST)

    def test_instructions_are_case_sensitive(self):
        robot = Robot(NORTH, 0, 0)
        with self.assertRaises(ValueError) as err:
            robot.move("ra")
        self.assertEqual(err.exception.args[0], "invalid instruction")
        self.assertEqual(robot.coordinates, (0, 0))
        self.assertEqual(robot.direction, NORTH)


if __name__ == "__main__":
    unittest.main()
