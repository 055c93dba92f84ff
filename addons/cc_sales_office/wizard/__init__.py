from . import cc_sales_office_walkin
from . import cc_visitor_reassign
from . import cc_team_pool_wizards
