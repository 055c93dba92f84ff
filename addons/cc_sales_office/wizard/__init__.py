from . import cc_sales_office_walkin
from . import cc_visitor_reassign
