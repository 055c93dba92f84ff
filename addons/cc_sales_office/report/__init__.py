from . import cc_commission_statement_xlsx
