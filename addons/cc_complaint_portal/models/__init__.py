from . import cc_claim_portal
from . import cc_claim_thread_portal
from . import cc_claim_line_portal
