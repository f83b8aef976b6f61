class PhoneNumber:
    def __init__(self, number):
        pass

    def pretty(self):
        pass
