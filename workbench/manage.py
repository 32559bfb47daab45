#!/usr/bin/env python
"""Run the cap_xblock demo in the xblock-sdk workbench (``make run`` calls this)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cap_demo.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
