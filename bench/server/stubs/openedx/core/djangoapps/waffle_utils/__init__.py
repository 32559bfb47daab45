"""The platform's course waffle flag, as the forum imports it, for the benchmark's server only.

openedx-forum asks ``discussions.enable_ai_moderation`` before each post. In a
platform where nobody switched it on the flag answers False from a cached
lookup; here it answers False at once, which never makes the forum slower.
"""


class CourseWaffleFlag:
    def __init__(self, name, module_name=None):
        self.name = name
        self.module_name = module_name

    def is_enabled(self, course_key=None):  # pylint: disable=unused-argument
        return False
