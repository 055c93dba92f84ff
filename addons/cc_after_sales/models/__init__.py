from . import res_company
from . import res_config_settings
from . import cc_service_request
from . import fsm_location
from . import fsm_order
from . import repair_order
from . import res_partner
from . import stock_location
