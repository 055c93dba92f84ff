from . import cc_deadline_mixin
