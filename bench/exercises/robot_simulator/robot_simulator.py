# Globals for the directions
EAST = 1
NORTH = 0
WEST = 3
SOUTH = 2


class Robot:
    def __init__(self, direction=NORTH, x_pos=0, y_pos=0):
        pass

    def move(self, instructions):
        pass
