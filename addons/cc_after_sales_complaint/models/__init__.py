from . import cc_claim
from . import fsm_order
from . import res_company
from . import cc_returned_part
