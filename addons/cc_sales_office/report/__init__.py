from . import cc_commission_statement_xlsx
from . import cc_visitor_register_xlsx
