from . import account_move
from . import account_move_line
from . import cc_claim
from . import cc_claim_line
from . import cc_claim_receivable_report
from . import res_company
from . import res_config_settings
from . import cc_claim_responsibility
