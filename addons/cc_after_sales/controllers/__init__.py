from . import portal
from . import station_portal
