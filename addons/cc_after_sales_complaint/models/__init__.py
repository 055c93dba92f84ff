from . import cc_claim
from . import fsm_order
