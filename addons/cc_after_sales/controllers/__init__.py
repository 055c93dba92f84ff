from . import portal
from . import station_portal
from . import fsm_order_portal
