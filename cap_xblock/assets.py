"""The block's CSS and scripts as the page receives them: minified once per process.

The learner view must stay light on slow and metered connections, so the
stylesheet and the scripts are minified (``rcssmin``, ``rjsmin``) when first
read and kept in memory.
"""

from functools import lru_cache

import rcssmin
import rjsmin
from xblock.utils.resources import ResourceLoader

loader = ResourceLoader("cap_xblock")


@lru_cache(maxsize=None)
def css(name="cap.css"):
    """The minified text of ``static/css/<name>``."""
    return rcssmin.cssmin(loader.load_unicode(f"static/css/{name}"))


@lru_cache(maxsize=None)
def javascript(name):
    """The minified text of ``static/js/<name>``."""
    return rjsmin.jsmin(loader.load_unicode(f"static/js/{name}"))
