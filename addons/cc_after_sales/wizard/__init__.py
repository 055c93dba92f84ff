from . import cc_service_reason_wizard
from . import fsm_order_sign_wizard
